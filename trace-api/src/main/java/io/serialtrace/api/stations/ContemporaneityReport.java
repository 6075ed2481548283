package io.serialtrace.api.stations;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GET /v1/stations/{station}/contemporaneity: how contemporaneous one station's record entries were
 * in [from, to). Entry lag = receivedTime − eventTime of each accepted record.
 *
 * <p>The end-of-shift pattern: work happens through the shift but entries pile up in its last hour
 * (paper travelers typed in before going home). {@code hours} puts work (by eventTime) beside
 * entries (by receivedTime) per UTC hour; {@link Clustering} compares the share of entries made in
 * the last hour of a shift with the share of work done in it — a ratio well above 1 is the pattern.
 * Shifts are each plant's own calendar ({@link ShiftCalendar}, {@code api.plants.<id>.*}), in its
 * local time; the answer names the calendars it used.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ContemporaneityReport(
    String station,
    Optional<String> plant,
    Instant from,
    Instant to,
    Duration lateAfter,
    LagDistribution lag,
    long lateEntries,
    Map<String, Long> gateViolations,
    List<LateEntry> latestLateEntries,
    List<HourRow> hours,
    Clustering clustering) {

  /** Entry-lag quantiles and histogram, in milliseconds, over the records worked in the window. */
  public record LagDistribution(
      long records,
      long p50Millis,
      long p90Millis,
      long p99Millis,
      long maxMillis,
      List<Bucket> histogram) {}

  /** Records whose lag fell in [fromMillis, toMillis); toMillis absent = no upper bound. */
  @JsonInclude(JsonInclude.Include.NON_ABSENT)
  public record Bucket(
      String label, Optional<Long> fromMillis, Optional<Long> toMillis, long records) {}

  /** A record entered later than {@code lateAfter}. */
  public record LateEntry(
      String serial,
      long seq,
      String eventType,
      String stepId,
      String actor,
      Instant eventTime,
      Instant receivedTime,
      long lagMillis) {}

  /** Work done (by eventTime) and entries made (by receivedTime) in one UTC hour. */
  public record HourRow(Instant hour, long work, long entries) {}

  /**
   * Shares of all entries and all work falling in the last hour of a shift, and their ratio
   * (entries share / work share; absent when no work fell in those hours), by the shift calendars
   * of the plants the station's records belong to.
   */
  @JsonInclude(JsonInclude.Include.NON_ABSENT)
  public record Clustering(
      double endOfShiftEntryShare,
      double endOfShiftWorkShare,
      Optional<Double> ratio,
      List<ShiftCalendar.Used> calendars) {

    /** From the counts: all work and entries, and those in a shift's last hour. */
    public static Clustering of(
        long work,
        long lastHourWork,
        long entries,
        long lastHourEntries,
        List<ShiftCalendar.Used> calendars) {
      double entryShare = entries == 0 ? 0 : (double) lastHourEntries / entries;
      double workShare = work == 0 ? 0 : (double) lastHourWork / work;
      return new Clustering(
          entryShare,
          workShare,
          workShare == 0 ? Optional.empty() : Optional.of(entryShare / workShare),
          List.copyOf(calendars));
    }
  }
}
