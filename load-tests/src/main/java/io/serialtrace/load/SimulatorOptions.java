package io.serialtrace.load;

import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the simulator does, from its command line; the endpoints default to the local stack's
 * ({@code TRACE_*_PORT} variables, as {@code ./trace} uses them).
 *
 * @param plants plants simulated: odd ones (P1, P3, …) build IP-200-SUB, even ones IP-200-FINAL
 * @param stations stations used per plant (the route's steps are spread over them)
 * @param units at most this many units are started
 * @param duration no unit is started after this; units in work stop at duration + grace
 * @param rate units started per second, over all plants
 * @param concurrency units in work at once, at most
 * @param faultRate share of units that carry one fault (0..1)
 * @param faults the faults to draw from
 * @param shift shift length: late entries are injected only in the last fifth of each shift
 * @param ingestUrl base URL of ingest
 * @param gateUrl base URL of the gate (GET /units/{serial}/state)
 * @param apiUrl base URL of trace-api (the report)
 * @param mqttUrl MQTT broker URL (device readings)
 * @param report print real trace-api query results at the end
 * @param seed random seed, for a repeatable mix
 */
public record SimulatorOptions(
    int plants,
    int stations,
    int units,
    Duration duration,
    double rate,
    int concurrency,
    double faultRate,
    Set<Fault> faults,
    Duration shift,
    String ingestUrl,
    String gateUrl,
    String apiUrl,
    String mqttUrl,
    boolean report,
    long seed) {

  /** How long units in work may go on after {@link #duration}. */
  public static final Duration GRACE = Duration.ofSeconds(30);

  static final String USAGE =
      """
      usage: PlantSimulator [--plants N] [--stations M] [--units N] [--duration 60s] [--rate 1.5]
                            [--concurrency 24] [--fault-rate 0.25] [--faults A,B,...] [--shift 30s]
                            [--ingest URL] [--gate URL] [--api URL] [--mqtt URL] [--report] [--seed N]
        plants: P1, P3, ... build IP-200-SUB; P2, P4, ... build IP-200-FINAL (at most 4 plants:
                ingest knows P1 and P2, and P3, P4 when started by ./trace demo)
        faults: SKIPPED_SCAN TORQUE_OUT_OF_TOLERANCE LATE_ENTRY WRONG_COMPONENT
                REUSED_COMPONENT_SERIAL MISSING_QA_SIGNATURE DUPLICATE_DELIVERY (default: all)
      """;

  public static SimulatorOptions parse(String[] args) {
    StackSettings stack = StackSettings.fromEnvironment(RepositoryHome.find());
    int plants = 2;
    int stations = 3;
    int units = 100_000;
    Duration duration = Duration.ofSeconds(60);
    double rate = 1.5;
    int concurrency = 24;
    double faultRate = 0.25;
    Set<Fault> faults = EnumSet.allOf(Fault.class);
    Duration shift = Duration.ofSeconds(30);
    String ingest = "http://127.0.0.1:" + stack.port(StackSetting.INGEST_PORT);
    String gate = "http://127.0.0.1:" + stack.port(StackSetting.GATE_PORT);
    String api = "http://127.0.0.1:" + stack.port(StackSetting.API_PORT);
    String mqtt = "tcp://127.0.0.1:" + stack.port(StackSetting.MQTT_PORT);
    boolean report = false;
    long seed = System.nanoTime();
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String flag = rest.removeFirst();
      if (flag.equals("--help")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (flag.equals("--report")) {
        report = true;
        continue;
      }
      if (rest.isEmpty()) {
        throw new IllegalArgumentException("missing value after " + flag + "\n" + USAGE);
      }
      String value = rest.removeFirst();
      switch (flag) {
        case "--plants" -> plants = Integer.parseInt(value);
        case "--stations" -> stations = Integer.parseInt(value);
        case "--units" -> units = Integer.parseInt(value);
        case "--duration" -> duration = duration(value);
        case "--rate" -> rate = Double.parseDouble(value);
        case "--concurrency" -> concurrency = Integer.parseInt(value);
        case "--fault-rate" -> faultRate = Double.parseDouble(value);
        case "--faults" -> {
          faults = EnumSet.noneOf(Fault.class);
          for (String name : value.split(",")) {
            faults.add(Fault.valueOf(name.trim()));
          }
        }
        case "--shift" -> shift = duration(value);
        case "--ingest" -> ingest = value;
        case "--gate" -> gate = value;
        case "--api" -> api = value;
        case "--mqtt" -> mqtt = value;
        case "--seed" -> seed = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
      }
    }
    SimulatorOptions options =
        new SimulatorOptions(
            plants,
            stations,
            units,
            duration,
            rate,
            concurrency,
            faultRate,
            Set.copyOf(faults),
            shift,
            ingest,
            gate,
            api,
            mqtt,
            report,
            seed);
    options.validate();
    return options;
  }

  private void validate() {
    require(plants >= 1 && plants <= 4, "--plants must be 1..4");
    require(stations >= 1 && stations <= 6, "--stations must be 1..6");
    require(units >= 1, "--units must be >= 1");
    require(rate > 0, "--rate must be > 0");
    require(concurrency >= 1, "--concurrency must be >= 1");
    require(faultRate >= 0 && faultRate <= 1, "--fault-rate must be 0..1");
    require(!duration.isNegative() && !duration.isZero(), "--duration must be > 0");
    require(!shift.isNegative() && !shift.isZero(), "--shift must be > 0");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message + "\n" + USAGE);
    }
  }

  /** {@code 90s}, {@code 2m}, or an ISO-8601 duration. */
  static Duration duration(String text) {
    if (text.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
    }
    if (text.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
    }
    if (text.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
    }
    return Duration.parse(text);
  }
}
