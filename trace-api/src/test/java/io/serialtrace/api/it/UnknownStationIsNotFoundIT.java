package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
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
 * The contemporaneity report knows a station by its records: a station with no record at any time
 * in the caller's plants is a 404 (as is another plant's station), a known station with nothing in
 * the window a 200 with an empty report.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UnknownStationIsNotFoundIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String STATION = "ST-K-" + RUN;
  static final Instant T0 = Instant.parse("2026-03-10T09:00:00Z");

  @BeforeAll
  static void load(StackEndpoints stack) {
    // One P1 record at the station, in March.
    Rows.RecordBuilder record = new Rows.RecordBuilder("K-" + RUN, "P1");
    record.add("UnitStarted", null, STATION, "op1", T0, T0.plusSeconds(2), "{}");
    new TraceDatabase(stack, TraceDatabase.NAME).insert("unit_records", record.rows());
  }

  @Test
  void aStationWithoutAnyRecordIsNotFound() {
    Tokens.quality("P1")
        .get("/v1/stations/{s}/contemporaneity", "ST-NEVER-" + RUN)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("title", equalTo("Unknown station"));
  }

  @Test
  void anotherPlantsStationIsTheSameNotFound() {
    Tokens.quality("P2")
        .get("/v1/stations/{s}/contemporaneity", STATION)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("title", equalTo("Unknown station"));
  }

  @Test
  void aKnownStationWithNothingInTheWindowIsAnEmptyReport() {
    long records =
        Tokens.quality("P1")
            .get(
                "/v1/stations/{s}/contemporaneity?from={f}&to={t}",
                STATION,
                "2026-04-01T00:00:00Z",
                "2026-04-02T00:00:00Z")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("lag.records");
    assertThat(records).isZero();
  }
}
