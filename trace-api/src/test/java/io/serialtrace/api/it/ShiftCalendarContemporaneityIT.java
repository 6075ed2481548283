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
 * The end-of-shift clustering follows the plant's own shift calendar, in its local time across a
 * daylight-saving change: plant {@value ApiStackResource#CALENDAR_PLANT} (configured by {@link
 * ApiStackResource}: Europe/London, shifts at 07:30, 15:30, 23:30) types in a late shift's work at
 * 23:20 local on both sides of the change to summer time (2026-03-29) — 23:20 UTC on the 27th,
 * 22:20 UTC on the 30th, neither of them in the last hour of a 06-14-22 UTC shift.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ShiftCalendarContemporaneityIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String STATION = "ST-CAL-" + RUN;
  static final String PLANT = ApiStackResource.CALENDAR_PLANT;

  /** 15:30 local on the last Friday in GMT and on the first Monday in BST. */
  static final Instant WINTER_SHIFT = Instant.parse("2026-03-27T15:30:00Z");

  static final Instant SUMMER_SHIFT = Instant.parse("2026-03-30T14:30:00Z");

  @BeforeAll
  static void load(StackEndpoints stack) {
    TraceDatabase db = new TraceDatabase(stack, TraceDatabase.NAME);
    // One unit per late shift, one record per hour worked from 15:40 to 22:40 local, every one
    // typed in at 23:20 local (ten minutes before the shift ends).
    int unit = 0;
    for (Instant shift : new Instant[] {WINTER_SHIFT, SUMMER_SHIFT}) {
      Rows.RecordBuilder record = new Rows.RecordBuilder("CAL-" + RUN + "-" + unit++, PLANT);
      Instant typedIn = shift.plusSeconds(7 * 3600 + 50 * 60);
      for (int hour = 0; hour < 8; hour++) {
        Instant worked = shift.plusSeconds(3600L * hour + 600);
        record.add("StepCompleted", "s" + hour, STATION, "op7", worked, typedIn, "{}");
      }
      db.insert("unit_records", record.rows());
    }
  }

  @Test
  void backfillBeforeTheLocalEndOfShiftIsClusteredOnBothSidesOfTheClockChange() {
    JsonPath report =
        Tokens.quality(PLANT)
            .get(
                "/v1/stations/{s}/contemporaneity?from={f}&to={t}",
                STATION,
                "2026-03-27T12:00:00Z",
                "2026-03-31T00:00:00Z")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    // 1. 16 records, each entered in the last local hour of its shift; 2 of 16 worked in it.
    assertThat(report.getLong("lag.records")).isEqualTo(16);
    assertThat(report.getDouble("clustering.endOfShiftEntryShare")).isEqualTo(1.0);
    assertThat(report.getDouble("clustering.endOfShiftWorkShare")).isEqualTo(0.125);
    assertThat(report.getDouble("clustering.ratio")).isEqualTo(8.0);
    // 2. The answer names the calendar it used.
    assertThat(report.getList("clustering.calendars.plant", String.class)).containsExactly(PLANT);
    assertThat(report.getString("clustering.calendars[0].timeZone")).isEqualTo("Europe/London");
    assertThat(report.getList("clustering.calendars[0].shiftStarts", String.class))
        .containsExactly("07:30", "15:30", "23:30");
    assertThat(report.getBoolean("clustering.calendars[0].configured")).isTrue();
  }
}
