package io.serialtrace.load.bench;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The harness's command line: {@code [--quick] [--only PHASE[,PHASE]] [--command TEXT]}.
 *
 * @param quick the CI-sized plan
 * @param phases the phases to run; all of them unless {@code --only} names some
 * @param command the command to record in the report, as the script typed it
 */
record BenchOptions(boolean quick, Set<Phase> phases, Optional<String> command) {

  /** The harness's phases, in the order they run. */
  enum Phase {
    /**
     * 1 and 2: gate throughput over a backlog beside the raw pass-through, then sink throughput
     * over the gate's records of it (the sink, stopped while the backlog builds, must catch up
     * before anything else is measured).
     */
    GATE,
    /**
     * 2 alone: sink throughput over a backlog the running gate decided while the sink was stopped
     * (part of {@link #GATE} when both run).
     */
    SINK,
    /** 3: waited decision latency (installs and other events apart) and memory. */
    LATENCY,
    /**
     * 3b: the decision round trip against the gate's commit interval, producer linger and poll time
     * and the waited rate, with the knee of each curve.
     */
    CURVE,
    /** 4: trace queries at 1M / 10M units beside PostgreSQL. */
    TRACE
  }

  static final String USAGE =
      """
      usage: ./trace bench [--quick] [--only PHASE[,PHASE...]]
        --quick   CI-sized plan (smaller backlog, shorter phases, smaller trace scales)
        --only    run only these phases: gate (gate and sink throughput), sink (sink throughput
                  alone, over a backlog the running gate decided), latency, curve (latency
                  against the gate's commit settings and the rate), trace; the results
                  go to load-tests/results/<date>[-quick]-only-<phases>.{json,md} and
                  BENCHMARKS.md is left alone
        --help    this text""";

  BenchOptions {
    phases = phases.isEmpty() ? EnumSet.noneOf(Phase.class) : EnumSet.copyOf(phases);
  }

  /** Parses the arguments; a bad one is an {@link IllegalArgumentException} naming it. */
  static BenchOptions parse(List<String> args) {
    boolean quick = false;
    Set<Phase> phases = EnumSet.allOf(Phase.class);
    Optional<String> command = Optional.empty();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--quick" -> quick = true;
        case "--only" -> phases = phases(value(args, ++i, arg));
        case "--command" -> command = Optional.of(value(args, ++i, arg));
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    return new BenchOptions(quick, phases, command);
  }

  /** Whether every phase runs: only then is BENCHMARKS.md regenerated. */
  boolean allPhases() {
    return phases.equals(EnumSet.allOf(Phase.class));
  }

  /** The file name suffix of a partial run, e.g. {@code -only-gate-latency}. */
  String suffix() {
    if (allPhases()) {
      return "";
    }
    List<String> names = new ArrayList<>();
    phases.forEach(p -> names.add(p.name().toLowerCase(Locale.ROOT)));
    return "-only-" + String.join("-", names);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  private static Set<Phase> phases(String list) {
    Set<Phase> phases = EnumSet.noneOf(Phase.class);
    for (String name : list.split(",")) {
      try {
        phases.add(Phase.valueOf(name.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown phase '" + name.strip() + "' in --only");
      }
    }
    return phases;
  }
}
