package io.serialtrace.load.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ./trace soak} does, from its command line.
 *
 * @param duration how long the simulator starts units and faults are injected ({@code --minutes})
 * @param rate units started per second over both plants (each unit: ~15–30 events)
 * @param seed the fault schedule's and the simulator's seed: the same seed, the same run plan
 * @param faultEvery spacing of the faults
 * @param drain how long the pipeline may take, after the last unit, to settle every event
 * @param settle how long a station resends an unsettled event (kept under the signing tokens' 120 s
 *     authentication age, so a resent signature is still taken)
 * @param simulatorFaultRate share of units that carry a production fault (wrong part, …)
 */
record SoakOptions(
    Duration duration,
    double rate,
    long seed,
    Duration faultEvery,
    Duration drain,
    Duration settle,
    double simulatorFaultRate) {

  /** The longest default spacing of the faults (15 minutes: 25 faults). */
  static final Duration DEFAULT_SPACING = Duration.ofSeconds(35);

  static final String USAGE =
      """
      usage: ./trace soak [--minutes 15] [--rate 1.0] [--seed 17] [--fault-every S]
                          [--drain 5m] [--settle 100s] [--fault-rate 0.25]
        Runs the plant simulator at --rate units/s on the soak stack while a fault every
        --fault-every (default: 35s, or minutes/9 when shorter, so each of the eight targets
        is hit at least once) SIGKILLs and restarts a service (ingest, gate, sink, api) or
        restarts the MQTT broker, ClickHouse, the registry or Kafka (order drawn from --seed),
        waits up to
        --drain for the pipeline to settle, then reconciles every eventId: exit 0 when every
        line of the report is zero, 1 otherwise.
      """;

  static SoakOptions parse(String[] args) {
    Duration duration = Duration.ofMinutes(15);
    double rate = 1.0;
    long seed = 17;
    Duration every = null;
    Duration drain = Duration.ofMinutes(5);
    Duration settle = Duration.ofSeconds(100);
    double faultRate = 0.25;
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
        case "--settle" -> settle = seconds(value);
        case "--fault-rate" -> faultRate = Double.parseDouble(value);
        default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
      }
    }
    if (duration.isNegative() || duration.isZero() || rate <= 0 || faultRate < 0 || faultRate > 1) {
      throw new IllegalArgumentException(
          "--minutes and --rate must be positive, --fault-rate 0..1\n" + USAGE);
    }
    if (every == null) {
      // Every target at least once in a short run; one every 35 s in a long one.
      Duration spread = duration.dividedBy(FaultPlan.Target.values().length + 1);
      every = spread.compareTo(DEFAULT_SPACING) < 0 ? spread : DEFAULT_SPACING;
    }
    return new SoakOptions(duration, rate, seed, every, drain, settle, faultRate);
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
