package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

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
 * A station whose work is spread over the 06-14 shift but whose entries were typed in during its
 * last hour: the report shows the lag, the late entries and the end-of-shift clustering.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ContemporaneityIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String STATION = "ST-C-" + RUN;
  static final Instant SHIFT = Instant.parse("2026-03-09T06:00:00Z");

  @BeforeAll
  static void load(StackEndpoints stack) {
    TraceDatabase db = new TraceDatabase(stack, TraceDatabase.NAME);
    // 1. 8 units, one record per hour of the shift each; 06-12 entered at 13:30, 13:xx on time.
    for (int unit = 0; unit < 8; unit++) {
      Rows.RecordBuilder record = new Rows.RecordBuilder("C-" + RUN + "-" + unit, "P1");
      for (int hour = 0; hour < 8; hour++) {
        Instant worked = SHIFT.plusSeconds(3600L * hour + 60L * unit);
        Instant entered = hour < 7 ? SHIFT.plusSeconds(3600L * 7 + 1800 + unit) : worked;
        record.add(
            "StepCompleted",
            "s" + hour,
            STATION,
            "op9",
            worked,
            entered,
            "{\"stepId\": \"s" + hour + "\"}");
      }
      db.insert("unit_records", record.rows());
    }
  }

  @Test
  void reportShowsLagLateEntriesAndEndOfShiftClustering() {
    JsonPath report =
        Tokens.quality("P1")
            .get(
                "/v1/stations/{s}/contemporaneity?from={f}&to={t}",
                STATION,
                SHIFT.toString(),
                SHIFT.plusSeconds(8 * 3600).toString())
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    // 1. 64 records, 56 entered more than 15 minutes late.
    assertThat(report.getLong("lag.records")).isEqualTo(64);
    assertThat(report.getLong("lateEntries")).isEqualTo(56);
    assertThat(
            report.getList("lag.histogram.records", Long.class).stream()
                .mapToLong(Long::longValue)
                .sum())
        .isEqualTo(64);
    // 2. Work in every hour, every entry in the last hour: the clustering pattern.
    assertThat(report.getList("hours.work", Integer.class)).containsOnly(8);
    assertThat(report.getInt("hours.find { it.hour == '2026-03-09T13:00:00Z' }.entries"))
        .isEqualTo(64);
    assertThat(report.getDouble("clustering.endOfShiftEntryShare")).isEqualTo(1.0);
    assertThat(report.getDouble("clustering.ratio")).isEqualTo(8.0);
  }

  @Test
  void backwardsWindowIs400() {
    Tokens.quality("P1")
        .get(
            "/v1/stations/{s}/contemporaneity?from=2026-03-09T10:00:00Z"
                + "&to=2026-03-09T09:00:00Z",
            STATION)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("parameter", equalTo("to"));
    Tokens.quality("P1")
        .get("/v1/stations/{s}/contemporaneity?lateAfter=soon", STATION)
        .then()
        .statusCode(400)
        .body("parameter", equalTo("lateAfter"));
  }
}
