package io.serialtrace.load.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ./trace soak} does, from its command line. The defaults are declared here once and
 * printed by {@code --help}.
 *
 * @param duration how long the simulator starts units and faults are injected ({@code --minutes})
 * @param rate units started per second over both plants (each unit: ~15–30 events)
 * @param seed the fault schedule's and the simulator's seed: the same seed, the same run plan
 * @param faultEvery spacing of the faults
 * @param drain the longest the pipeline may take, after the last unit, to settle every event
 * @param drainStall the drain ends early when nothing has moved (positions, rows, checks) this long
 * @param settle how long a station keeps at one send, read or answer it is owed through faults (a
 *     signature is resent with a fresh signing token once its token is too old to be taken)
 * @param simulatorFaultRate share of units that carry a production fault (wrong part, …)
 * @param minCompleted completed units the run must show (a check: fewer makes the completion checks
 *     vacuous)
 */
record SoakOptions(
    Duration duration,
    double rate,
    long seed,
    Duration faultEvery,
    Duration drain,
    Duration drainStall,
    Duration settle,
    double simulatorFaultRate,
    long minCompleted) {

  /** The longest default spacing of the faults (15 minutes: 22 faults). */
  static final Duration DEFAULT_SPACING = Duration.ofSeconds(40);

  private static final Duration DURATION = Duration.ofMinutes(15);
  private static final double RATE = 0.2;
  private static final long SEED = 17;
  private static final Duration DRAIN = Duration.ofMinutes(12);
  // A gate restarted after kill -9 has been seen to process nothing for 3-5 minutes (SOAK.md,
  // finding 5): the drain must outwait that before it calls the pipeline stuck.
  private static final Duration DRAIN_STALL = Duration.ofMinutes(6);
  private static final Duration SETTLE = Duration.ofMinutes(5);
  private static final double FAULT_RATE = 0.25;
  private static final long MIN_COMPLETED = 1;

  static final String USAGE =
      """
      usage: ./trace soak [--minutes 15] [--rate 0.2] [--seed 17] [--fault-every S]
                          [--drain 12m] [--drain-stall 6m] [--settle 5m] [--fault-rate 0.25]
                          [--min-completed 1]
        Runs the plant simulator at --rate units/s on the soak stack while a fault every
        --fault-every (default: 40s, or minutes/9 when shorter, so each of the eight targets
        is hit at least once) SIGKILLs and restarts a service (ingest, gate, sink, api) or
        restarts the MQTT broker, ClickHouse, the registry or Kafka (order drawn from --seed).
        Stations keep at each send, read or answer for up to --settle. Then drains: until the
        gate and the sink have processed everything and every line balances, or nothing moved
        for --drain-stall, at most --drain; then reconciles every eventId: exit 0 when every
        line of the report is zero (at least --min-completed units completed), 1 otherwise.
      """;

  static SoakOptions parse(String[] args) {
    Duration duration = DURATION;
    double rate = RATE;
    long seed = SEED;
    Duration every = null;
    Duration drain = DRAIN;
    Duration drainStall = DRAIN_STALL;
    Duration settle = SETTLE;
    double faultRate = FAULT_RATE;
    long minCompleted = MIN_COMPLETED;
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String flag = rest.removeFirst();
      if (flag.equals("--help")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (rest.isEmpty()) {
        throw new IllegalArgumentException("missing value after " + flag + "\n" + USAGE);
      }
      String value = rest.removeFirst();
      switch (flag) {
        case "--minutes" ->
            duration = Duration.ofSeconds(Math.round(Double.parseDouble(value) * 60));
        case "--rate" -> rate = Double.parseDouble(value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--fault-every" -> every = seconds(value);
        case "--drain" -> drain = seconds(value);
        case "--drain-stall" -> drainStall = seconds(value);
        case "--settle" -> settle = seconds(value);
        case "--fault-rate" -> faultRate = Double.parseDouble(value);
        case "--min-completed" -> minCompleted = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
      }
    }
    if (duration.isNegative()
        || duration.isZero()
        || rate <= 0
        || faultRate < 0
        || faultRate > 1
        || minCompleted < 0) {
      throw new IllegalArgumentException(
          "--minutes and --rate must be positive, --fault-rate 0..1, --min-completed >= 0\n"
              + USAGE);
    }
    if (every == null) {
      // Every target at least once in a short run; one every 40 s in a long one.
      Duration spread = duration.dividedBy(FaultPlan.Target.values().length + 1);
      every = spread.compareTo(DEFAULT_SPACING) < 0 ? spread : DEFAULT_SPACING;
    }
    return new SoakOptions(
        duration, rate, seed, every, drain, drainStall, settle, faultRate, minCompleted);
  }

  /** {@code 35s}, {@code 5m} or a number of seconds. */
  private static Duration seconds(String text) {
    if (text.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
    }
    return Duration.ofSeconds(
        Long.parseLong(text.endsWith("s") ? text.substring(0, text.length() - 1) : text));
  }
}
