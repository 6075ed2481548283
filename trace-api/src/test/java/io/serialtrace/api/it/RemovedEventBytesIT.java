package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A record written by a sink that stores the event bytes, whose bytes an administrator blanked
 * while editing a column to match a forged story (ALTER UPDATE as the owner), is a broken chain at
 * that seq, never "not stored"; a record from before the sink stored the bytes stays honestly "not
 * stored" (UnitRecordIT's legacy unit).
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RemovedEventBytesIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String BLANKED = "PUMP-BLANKED-" + RUN;
  static final Instant T0 = Instant.parse("2026-03-03T07:00:00Z");

  @BeforeAll
  static void load(StackEndpoints stack) {
    // 1. A four-record unit stored as the sink stores it: event bytes and event_avro_stored = 1.
    TraceDatabase db = new TraceDatabase(stack, TraceDatabase.NAME);
    Rows.RecordBuilder record = Rows.RecordBuilder.fourSteps(BLANKED, T0);
    db.insert("unit_records", record.rows());

    // 2. The owner edits seq 3 in place: another operator, and no event bytes to contradict it.
    db.update("unit_records", "event_avro = '', actor = 'op-forged'", BLANKED, 3);
  }

  @Test
  void blankedEventBytesWithAnEditedColumnBreakTheChainAtThatSeq() {
    // 1. The record as JSON.
    JsonPath record =
        Tokens.quality("P1")
            .accept("application/json")
            .get("/v1/units/{serial}/record", BLANKED)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    // 2. Broken at seq 3, the removed bytes named; the forged row is MISMATCH, not NOT_STORED.
    assertThat(record.getBoolean("chain.intact")).isFalse();
    assertThat(record.getBoolean("chain.fullyVerified")).isFalse();
    assertThat(record.getInt("chain.brokenAtSeq")).isEqualTo(3);
    assertThat(record.getString("chain.reason")).contains("event_avro is empty", "removed");
    assertThat(record.getList("entries.contentCheck", String.class))
        .containsExactly("MATCHES", "MATCHES", "MISMATCH", "MATCHES");
    assertThat(record.getString("entries[2].actor")).isEqualTo("op-forged");
  }

  @Test
  void thePrintablePageSaysBrokenAtThatSeq() {
    String page =
        Tokens.quality("P1")
            .accept("text/html")
            .get("/v1/units/{serial}/record", BLANKED)
            .then()
            .statusCode(200)
            .extract()
            .asString();

    assertThat(page)
        .contains("Hash chain BROKEN", "breaks at seq 3", "event_avro is empty")
        .doesNotContain("Hash chain intact");
  }
}
