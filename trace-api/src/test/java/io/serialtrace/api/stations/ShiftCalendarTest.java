package io.serialtrace.api.stations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The last hour of each shift, resolved in the plant's local time across clock changes. */
class ShiftCalendarTest {

  private static final ShiftCalendar LONDON =
      new ShiftCalendar(
          "P9",
          ZoneId.of("Europe/London"),
          List.of(LocalTime.of(7, 30), LocalTime.of(15, 30), LocalTime.of(23, 30)),
          true);

  @Test
  void aLateShiftEndsAt2330LocalOnBothSidesOfTheChangeToSummerTime() {
    // GMT on the 27th (23:30 local = 23:30 UTC), BST on the 30th (23:30 local = 22:30 UTC).
    assertThat(
            LONDON.lastHours(
                Instant.parse("2026-03-27T23:00:00Z"), Instant.parse("2026-03-27T23:40:00Z")))
        .containsExactly(window("2026-03-27T22:30:00Z", "2026-03-27T23:30:00Z"));
    assertThat(
            LONDON.lastHours(
                Instant.parse("2026-03-30T22:00:00Z"), Instant.parse("2026-03-30T22:40:00Z")))
        .containsExactly(window("2026-03-30T21:30:00Z", "2026-03-30T22:30:00Z"));
  }

  @Test
  void theDefaultUtcCalendarEndsShiftsAt06And14And22() {
    ShiftCalendar utc =
        new ShiftCalendar(
            "P1",
            ZoneId.of("UTC"),
            List.of(LocalTime.of(22, 0), LocalTime.of(6, 0), LocalTime.of(14, 0)),
            false);
    assertThat(
            utc.lastHours(
                Instant.parse("2026-03-09T00:00:00Z"), Instant.parse("2026-03-10T00:00:00Z")))
        .containsExactly(
            window("2026-03-09T05:00:00Z", "2026-03-09T06:00:00Z"),
            window("2026-03-09T13:00:00Z", "2026-03-09T14:00:00Z"),
            window("2026-03-09T21:00:00Z", "2026-03-09T22:00:00Z"));
    assertThat(utc.used().shiftStarts()).containsExactly("06:00", "14:00", "22:00");
    assertThat(utc.used().configured()).isFalse();
  }

  @Test
  void aShiftStartingInTheSpringForwardGapMovesForwardByTheGap() {
    // 01:30 does not exist in London on 2026-03-29 (01:00 GMT -> 02:00 BST): it becomes 02:30 BST.
    ShiftCalendar night =
        new ShiftCalendar("P9", ZoneId.of("Europe/London"), List.of(LocalTime.of(1, 30)), true);
    assertThat(
            night.lastHours(
                Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-03-29T03:00:00Z")))
        .containsExactly(window("2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z"));
  }

  @Test
  void windowsOnlyPartlyInsideTheRangeCountAndOverlappingOnesMerge() {
    ShiftCalendar close =
        new ShiftCalendar(
            "P1", ZoneId.of("UTC"), List.of(LocalTime.of(6, 0), LocalTime.of(6, 30)), true);
    assertThat(
            close.lastHours(
                Instant.parse("2026-03-09T05:45:00Z"), Instant.parse("2026-03-09T05:50:00Z")))
        .containsExactly(window("2026-03-09T05:00:00Z", "2026-03-09T06:30:00Z"));
  }

  private static ShiftCalendar.Window window(String from, String to) {
    return new ShiftCalendar.Window(Instant.parse(from), Instant.parse(to));
  }
}
