package io.serialtrace.gate.rules;

import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.ViolationCode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The clock of an entry: an accepted event whose eventTime is too far ahead of its receivedTime
 * raises CLOCK_SKEW, one entered too long after the work happened raises LATE_ENTRY. Both are
 * raised although the event is accepted: the work happened, but the record must say it was not
 * entered contemporaneously.
 */
final class ContemporaneityRules {

  private final Duration clockSkewTolerance;

  /**
   * @param clockSkewTolerance how far eventTime may be ahead of receivedTime before CLOCK_SKEW:
   *     source and ingest clocks are never perfectly in step
   */
  ContemporaneityRules(Duration clockSkewTolerance) {
    this.clockSkewTolerance = Objects.requireNonNull(clockSkewTolerance);
  }

  /** At most one finding: a skewed clock says nothing reliable about lateness. */
  List<Finding> check(UnitState unit, ProductionEvent event) {
    Duration lag = Duration.between(event.getEventTime(), event.getReceivedTime());
    if (lag.isNegative() && lag.negated().compareTo(clockSkewTolerance) > 0) {
      return List.of(
          Finding.of(
              ViolationCode.CLOCK_SKEW,
              "eventTime is "
                  + lag.negated().toMillis()
                  + " ms after receivedTime (tolerance "
                  + clockSkewTolerance.toMillis()
                  + " ms): the source clock is ahead"));
    }
    long maxLag = unit.route().map(Route::getMaxEntryLagMillis).orElse(Long.MAX_VALUE);
    if (lag.toMillis() > maxLag) {
      return List.of(
          Finding.of(
              ViolationCode.LATE_ENTRY,
              "Entered "
                  + lag.toMillis()
                  + " ms after the work happened; the route allows "
                  + maxLag
                  + " ms"));
    }
    return List.of();
  }
}
