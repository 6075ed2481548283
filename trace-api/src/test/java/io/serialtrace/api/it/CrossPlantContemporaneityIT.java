package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
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
 * One station name used in two plants: a P1 caller's contemporaneity report counts only P1's
 * records, never P2's late entries; P2's caller (the positive control) sees P2's.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CrossPlantContemporaneityIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String STATION = "ST-XP-" + RUN;
  static final Instant T0 = Instant.parse("2026-03-11T08:00:00Z");

  @BeforeAll
  static void load(StackEndpoints stack) {
    TraceDatabase db = new TraceDatabase(stack, TraceDatabase.NAME);
    // 1. P1: two records entered on time; P2: three records entered two hours late
    Rows.RecordBuilder p1 = new Rows.RecordBuilder("XP1-" + RUN, "P1");
    for (int i = 0; i < 2; i++) {
      Instant worked = T0.plusSeconds(600L * i);
      p1.add("StepCompleted", "s" + i, STATION, "op1", worked, worked.plusSeconds(1), "{}");
    }
    Rows.RecordBuilder p2 = new Rows.RecordBuilder("XP2-" + RUN, "P2");
    for (int i = 0; i < 3; i++) {
      Instant worked = T0.plusSeconds(600L * i);
      p2.add("StepCompleted", "s" + i, STATION, "op2", worked, worked.plusSeconds(7200), "{}");
    }
    db.insert("unit_records", p1.rows());
    db.insert("unit_records", p2.rows());
  }

  @Test
  void aPlantOneCallerSeesOnlyPlantOnesRecordsOfASharedStationName() {
    // 1. positive control: P2's caller sees P2's three late records
    JsonPath p2 = report(Tokens.quality("P2"));
    assertThat(p2.getLong("lag.records")).isEqualTo(3);
    assertThat(p2.getLong("lateEntries")).isEqualTo(3);

    // 2. P1's caller: its two on-time records only, none of P2's
    JsonPath p1 = report(Tokens.quality("P1"));
    assertThat(p1.getLong("lag.records")).isEqualTo(2);
    assertThat(p1.getLong("lateEntries")).isZero();
    assertThat(p1.prettify()).doesNotContain("P2");

    // 3. asking for P2 by name is refused (403, naming the parameter), not answered
    Tokens.quality("P1")
        .get("/v1/stations/{s}/contemporaneity?plant=P2", STATION)
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("parameter", org.hamcrest.Matchers.equalTo("plant"));
  }

  private static JsonPath report(RequestSpecification caller) {
    return caller
        .get(
            "/v1/stations/{s}/contemporaneity?from={f}&to={t}",
            STATION,
            T0.minusSeconds(3600).toString(),
            T0.plusSeconds(4 * 3600).toString())
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
