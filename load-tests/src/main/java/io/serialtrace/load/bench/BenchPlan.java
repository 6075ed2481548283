package io.serialtrace.load.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loads and scales of one run. {@link #full()} is the reference run (under 30 minutes on a
 * 2-core machine, 10M units included); {@link #quick()} is the same harness at smaller scales and
 * durations (under 5 minutes) for CI, its figures labelled quick and never the reference.
 *
 * @param mode full or quick
 * @param gateUnits measured units in the gate's backlog (after half as many warm-up units), four
 *     events each (start, step start, scan, step completion); with the warm-up, the sink's backlog:
 *     more than its 5,000 records per insert, so its rate can be timed between inserts
 * @param latencyRate waited events per second of the decision-latency phase (the stated load)
 * @param latencyWarmup not recorded at the start of that phase
 * @param latencyDuration recorded part of that phase
 * @param baselineDuration recorded part of the un-waited baseline at the same rate
 * @param traceScales genealogy sizes in units, each generated on top of the previous
 * @param backwardRuns backward trace requests per scale and engine (at most)
 * @param forwardRuns forward where-used requests per scale and engine (at most)
 * @param seriesBudget longest one series of trace requests may take (fewer runs when exceeded)
 * @param curvePoints the gate's latency settings the latency curve restarts it with, in turn
 * @param curveRates waited events per second of the latency curve, rising; a point stops at the
 *     first rate whose p99 passes the knee bound
 * @param curveWarmup not recorded at the start of each rate of the curve
 * @param curveDuration recorded part of each rate of the curve
 */
public record BenchPlan(
    Mode mode,
    int gateUnits,
    int latencyRate,
    Duration latencyWarmup,
    Duration latencyDuration,
    Duration baselineDuration,
    List<Long> traceScales,
    int backwardRuns,
    int forwardRuns,
    Duration seriesBudget,
    List<GateLatency> curvePoints,
    List<Integer> curveRates,
    Duration curveWarmup,
    Duration curveDuration) {

  /** Which plan: the reference run or the CI-sized one. */
  public enum Mode {
    FULL,
    QUICK
  }

  /**
   * The latency curve's points: Kafka Streams' exactly-once defaults (the gate before its latency
   * settings were chosen), then shorter commits with little or no producer linger and a poll that
   * notices a due commit promptly.
   */
  static final List<GateLatency> CURVE_POINTS =
      List.of(
          new GateLatency(100, 100, 100),
          new GateLatency(50, 10, 20),
          new GateLatency(20, 5, 10),
          new GateLatency(10, 0, 5));

  /** Events per backlog unit: UnitStarted, StepStarted, ComponentScanned, StepCompleted. */
  public static final int EVENTS_PER_UNIT = 4;

  /** The reference run. */
  public static BenchPlan full() {
    return new BenchPlan(
        Mode.FULL,
        5_000,
        500, // issue 18's stated load: p99 at 500 waited events/s
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        Duration.ofSeconds(20),
        List.of(1_000_000L, 10_000_000L),
        100,
        20,
        Duration.ofSeconds(60),
        CURVE_POINTS,
        List.of(25, 50, 100, 250, 500, 1_000, 1_500, 2_000, 3_000),
        Duration.ofSeconds(5),
        Duration.ofSeconds(15));
  }

  /** Smaller scales and durations, for CI: same code paths, figures labelled quick. */
  public static BenchPlan quick() {
    return new BenchPlan(
        Mode.QUICK,
        1_000,
        40,
        Duration.ofSeconds(5),
        Duration.ofSeconds(12),
        Duration.ofSeconds(5),
        List.of(100_000L, 500_000L),
        20,
        4,
        Duration.ofSeconds(8),
        CURVE_POINTS,
        List.of(25, 50, 100, 250, 500, 1_000),
        Duration.ofSeconds(3),
        Duration.ofSeconds(6));
  }

  /** The plan's settings as the report states them. */
  public Map<String, String> describe() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
    d.put(
        "gate backlog",
        gateUnits
            + " units × "
            + EVENTS_PER_UNIT
            + " events = "
            + gateUnits * EVENTS_PER_UNIT
            + " measured, after "
            + gateUnits / 2 * EVENTS_PER_UNIT
            + " warm-up events");
    d.put("stated load (decision latency, memory)", latencyRate + " waited events/s");
    d.put("latency phase", "warm-up " + latencyWarmup + ", measured " + latencyDuration);
    d.put(
        "latency curve",
        "rates "
            + curveRates
            + " waited events/s (warm-up "
            + curveWarmup
            + ", measured "
            + curveDuration
            + " each) for each of "
            + curvePoints.size()
            + " gate settings, until p99 passes "
            + (int) LatencyCurvePhase.KNEE_P99_MS
            + " ms");
    d.put("trace scales (units)", traceScales.toString());
    d.put(
        "trace requests per series (at most)",
        "backward " + backwardRuns + ", forward " + forwardRuns + ", budget " + seriesBudget);
    return d;
  }
}
