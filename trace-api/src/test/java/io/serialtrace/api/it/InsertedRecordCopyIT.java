package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * genealogy-sink's ClickHouse user may only INSERT: a modified copy of an existing record row,
 * inserted with it and followed by a forced merge, cannot replace the original (unit_records keeps
 * every row, sink migration V006), and the record endpoint reports tampering at that seq. An
 * identical copy (a redelivery) is no tampering.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SinkDatabaseResource.class, restrictToAnnotatedClass = true)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InsertedRecordCopyIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String FORGED = "PUMP-FORGED-COPY-" + RUN;
  static final String REDELIVERED = "PUMP-REDELIVERED-" + RUN;
  static final Instant T0 = Instant.parse("2026-03-04T07:00:00Z");

  @BeforeAll
  static void load(StackEndpoints stack) {
    TraceDatabase owner = new TraceDatabase(stack, SinkDatabaseResource.NAME);
    TraceDatabase sink = owner.asSink();
    // 1. Two four-record units, stored by the sink's user as the sink stores them.
    Rows.RecordBuilder forged = Rows.RecordBuilder.fourSteps(FORGED, T0);
    Rows.RecordBuilder redelivered = Rows.RecordBuilder.fourSteps(REDELIVERED, T0);
    sink.insert("unit_records", forged.rows());
    sink.insert("unit_records", redelivered.rows());

    // 2. As the sink's user: a copy of FORGED's seq 2 with another operator and no event bytes to
    //    contradict it (what used to win the merge and read "chain intact"); an identical copy of
    //    REDELIVERED's seq 2 from another offset, as a replay past the deduplication window.
    Map<String, Object> forgedCopy = new LinkedHashMap<>(forged.rows().get(1));
    forgedCopy.put("actor", "op-forged");
    forgedCopy.put("event_avro", new byte[0]);
    forgedCopy.put("event_avro_stored", 0);
    forgedCopy.put("kafka_offset", 1_000_002);
    sink.insert("unit_records", List.of(forgedCopy));
    Map<String, Object> identicalCopy = new LinkedHashMap<>(redelivered.rows().get(1));
    identicalCopy.put("kafka_offset", 1_000_002);
    sink.insert("unit_records", List.of(identicalCopy));

    // 3. As the owner, force the merge that used to delete the original.
    owner.execute("OPTIMIZE TABLE " + SinkDatabaseResource.NAME + ".unit_records FINAL");
  }

  private static JsonPath record(String serial) {
    return Tokens.quality("P1")
        .accept("application/json")
        .get("/v1/units/{serial}/record", serial)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void aModifiedCopyInsertedAsTheSinkIsTamperingAtItsSeq() {
    // 1. The record as JSON after the merge.
    JsonPath record = record(FORGED);

    // 2. Not intact: tampering at seq 2, both rows kept and shown, the original unchanged.
    assertThat(record.getBoolean("chain.intact")).isFalse();
    assertThat(record.getInt("chain.brokenAtSeq")).isEqualTo(2);
    assertThat(record.getString("chain.reason")).contains("different rows", "seq 2", "tampered");
    assertThat(record.getList("chain.tamperedSeqs", Integer.class)).containsExactly(2);
    assertThat(record.getInt("chain.records")).isEqualTo(4);
    assertThat(record.getList("entries.seq", Integer.class)).containsExactly(1, 2, 2, 3, 4);
    assertThat(record.getList("entries.findAll { it.seq == 2 }.actor", String.class))
        .containsExactlyInAnyOrder("op1", "op-forged");
  }

  @Test
  void thePrintablePageNamesTheTamperedSeq() {
    String page =
        Tokens.quality("P1")
            .accept("text/html")
            .get("/v1/units/{serial}/record", FORGED)
            .then()
            .statusCode(200)
            .extract()
            .asString();

    assertThat(page)
        .contains("Hash chain BROKEN", "breaks at seq 2", "different rows stored for seq [2]")
        .doesNotContain("Hash chain intact");
  }

  @Test
  void anIdenticalCopyIsNoTampering() {
    // 1. The record whose seq 2 arrived twice, identical but for its offset.
    JsonPath record = record(REDELIVERED);

    // 2. Intact and fully verified, each record once.
    assertThat(record.getBoolean("chain.intact")).isTrue();
    assertThat(record.getBoolean("chain.fullyVerified")).isTrue();
    assertThat(record.getList("chain.tamperedSeqs", Integer.class)).isEmpty();
    assertThat(record.getList("entries.seq", Integer.class)).containsExactly(1, 2, 3, 4);
  }
}
