package io.serialtrace.api.stations;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GET /v1/stations/{station}/contemporaneity: how contemporaneous one station's record entries were
 * in [from, to). Entry lag = receivedTime − eventTime of each accepted record.
 *
 * <p>The end-of-shift pattern: work happens through the shift but entries pile up in its last hour
 * (paper travelers typed in before going home). {@code hours} puts work (by eventTime) beside
 * entries (by receivedTime) per hour; {@link Clustering} compares the share of entries made in the
 * last hour of a shift with the share of work done in it — a ratio well above 1 is the pattern.
 * Shifts are the analyst view's 8-hour UTC blocks starting 06:00, 14:00, 22:00.
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
   * (entries share / work share; absent when no work fell in those hours).
   */
  @JsonInclude(JsonInclude.Include.NON_ABSENT)
  public record Clustering(
      double endOfShiftEntryShare, double endOfShiftWorkShare, Optional<Double> ratio) {

    /** Last hours of the 06-14, 14-22, 22-06 UTC shifts. */
    static final List<Integer> LAST_HOURS = List.of(13, 21, 5);

    public static Clustering of(List<HourRow> hours) {
      long entries = 0;
      long work = 0;
      long lastEntries = 0;
      long lastWork = 0;
      for (HourRow row : hours) {
        entries += row.entries();
        work += row.work();
        if (LAST_HOURS.contains(row.hour().atZone(ZoneOffset.UTC).getHour())) {
          lastEntries += row.entries();
          lastWork += row.work();
        }
      }
      double entryShare = entries == 0 ? 0 : (double) lastEntries / entries;
      double workShare = work == 0 ? 0 : (double) lastWork / work;
      return new Clustering(
          entryShare,
          workShare,
          workShare == 0 ? Optional.empty() : Optional.of(entryShare / workShare));
    }
  }
}
