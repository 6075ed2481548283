package io.serialtrace.api.stations;

import io.serialtrace.api.ApiSettings;
import io.serialtrace.api.store.ClickHouseStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A plant's shift calendar ({@code api.plants.<id>.time-zone} and {@code shift-starts}): the end of
 * every shift is a local time in the plant's zone, so it moves in UTC when the clocks change. The
 * end-of-shift window is the hour of elapsed time before a shift ends (the next one starts).
 *
 * @param plant the plant id
 * @param zone its time zone
 * @param shiftStarts local times its shifts start, in order
 * @param configured whether the plant has its own settings, or the defaults apply
 */
public record ShiftCalendar(
    String plant, ZoneId zone, List<LocalTime> shiftStarts, boolean configured) {

  /** The end-of-shift window: the last hour of each shift. */
  static final Duration LAST_HOUR = Duration.ofHours(1);

  public ShiftCalendar {
    shiftStarts = shiftStarts.stream().sorted().distinct().toList();
  }

  /** The calendar of {@code plant} from the settings (every default when it has none). */
  public static ShiftCalendar of(String plant, ApiSettings settings) {
    ApiSettings.Plant calendar = settings.plants().get(plant);
    return new ShiftCalendar(
        plant, calendar.timeZone(), calendar.shiftStarts(), settings.plants().containsKey(plant));
  }

  /** An interval of time, [from, to). */
  public record Window(Instant from, Instant to) {}

  /**
   * The last hour of every shift that overlaps [from, to), in time order, overlapping ones merged.
   * Each shift end is resolved in the plant's zone by {@link ZonedDateTime#of}: a start inside a
   * spring-forward gap moves forward by the gap, one inside a fall-back overlap takes the earlier
   * offset.
   */
  public List<Window> lastHours(Instant from, Instant to) {
    List<Window> windows = new ArrayList<>();
    LocalDate last = to.atZone(zone).toLocalDate().plusDays(1);
    for (LocalDate day = from.atZone(zone).toLocalDate().minusDays(1);
        !day.isAfter(last);
        day = day.plusDays(1)) {
      for (LocalTime start : shiftStarts) {
        Instant end = ZonedDateTime.of(day, start, zone).toInstant();
        Instant begin = end.minus(LAST_HOUR);
        if (begin.isBefore(to) && end.isAfter(from)) {
          windows.add(new Window(begin, end));
        }
      }
    }
    windows.sort(Comparator.comparing(Window::from));
    List<Window> merged = new ArrayList<>();
    for (Window window : windows) {
      if (!merged.isEmpty() && !window.from().isAfter(merged.getLast().to())) {
        Window previous = merged.removeLast();
        Instant end = window.to().isAfter(previous.to()) ? window.to() : previous.to();
        merged.add(new Window(previous.from(), end));
      } else {
        merged.add(window);
      }
    }
    return List.copyOf(merged);
  }

  /**
   * SQL: whether a row of this plant has {@code column} in the last hour of one of its shifts
   * overlapping [from, to); {@code 0} when no shift ends there.
   */
  String lastHourCondition(String column, Instant from, Instant to) {
    List<Window> windows = lastHours(from, to);
    if (windows.isEmpty()) {
      return "0";
    }
    return "(plant = "
        + ClickHouseStore.literal(plant)
        + " AND ("
        + windows.stream()
            .map(
                w ->
                    column
                        + " >= "
                        + ClickHouseStore.timeLiteral(w.from())
                        + " AND "
                        + column
                        + " < "
                        + ClickHouseStore.timeLiteral(w.to()))
            .collect(Collectors.joining(" OR "))
        + "))";
  }

  /** How the report names the calendar it used. */
  public record Used(String plant, String timeZone, List<String> shiftStarts, boolean configured) {}

  Used used() {
    return new Used(
        plant, zone.getId(), shiftStarts.stream().map(LocalTime::toString).toList(), configured);
  }
}
