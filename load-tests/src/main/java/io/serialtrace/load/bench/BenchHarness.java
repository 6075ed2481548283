package io.serialtrace.load.bench;

import io.serialtrace.schemas.topics.TraceTopic;
import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./trace bench [--quick]}: every measurement of DESIGN section 8, each beside its baseline
 * measured in the same run on the same machine, against the running stack and its four services
 * (started by the script). Writes {@code load-tests/results/<date>.json} and the table in {@code
 * BENCHMARKS.md} (between its markers); a quick run writes {@code <date>-quick.json} and {@code
 * <date>-quick.md} beside it and leaves BENCHMARKS.md alone. No figure is asserted: the harness
 * fails only when a measurement cannot be made.
 *
 * <p>Options: {@link BenchOptions} ({@code --quick}, {@code --only PHASES}, {@code --help}; {@code
 * --command "<text>"}, the command to record, given by the script). A run of some phases only
 * writes its results beside the others and leaves BENCHMARKS.md alone.
 */
public final class BenchHarness {
  /** The product of the benchmark's units ({@link FirstStep}). */
  static final String ROUTED_PRODUCT = "IP-200-FINAL";

  private BenchHarness() {}

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help")) {
      System.out.println(BenchOptions.USAGE);
      return;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    boolean quick = options.quick();
    String command =
        options
            .command()
            .orElseGet(
                () -> "java io.serialtrace.load.bench.BenchHarness " + String.join(" ", args));
    Path home = RepositoryHome.find();
    StackSettings settings = StackSettings.fromEnvironment(home);
    StackEndpoints endpoints = StackEndpoints.of(settings);
    BenchPlan plan = quick ? BenchPlan.quick() : BenchPlan.full();
    Instant started = Instant.now();
    String loadBefore = loadAverage();
    RunConditions conditions = new RunConditions(home);
    String id = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
    List<Row> rows = new ArrayList<>();
    List<ServiceMemory> memory;
    LocalStack services = LocalStack.withServices(settings).only(MemorySampler.SERVICES);
    KafkaBench kafka = new KafkaBench(endpoints, GateConfig.shipped(home));
    try (ProgressLine progress = new ProgressLine(System.out, System.console() != null)) {
      BenchRun run =
          new BenchRun(
              plan,
              settings,
              endpoints,
              services,
              new ClickHouseHttp(endpoints),
              kafka,
              id,
              progress);
      progress.phase("0/5 the four services");
      services.up(progress.asStackProgress());
      awaitRoute(run);
      try {
        Set<BenchOptions.Phase> phases = options.phases();
        if (phases.contains(BenchOptions.Phase.GATE)) {
          conditions.mark("gate phase");
          GatePhase.Outcome gate = GatePhase.run(run);
          rows.addAll(gate.rows());
          conditions.mark("sink phase");
          rows.addAll(SinkPhase.run(run, gate));
        } else if (phases.contains(BenchOptions.Phase.SINK)) {
          rows.addAll(SinkPhase.run(run, SinkPhase.backlog(run)));
        }
        memory = List.of();
        if (phases.contains(BenchOptions.Phase.LATENCY)) {
          conditions.mark("latency phase");
          LatencyPhase.Outcome latency = LatencyPhase.run(run);
          rows.addAll(latency.rows());
          memory = latency.memory();
        }
        if (phases.contains(BenchOptions.Phase.CURVE)) {
          conditions.mark("latency curve");
          rows.addAll(LatencyCurvePhase.run(run));
        }
        if (phases.contains(BenchOptions.Phase.TRACE)) {
          conditions.mark("trace phase");
          rows.addAll(TracePhase.run(run));
        }
        if (phases.contains(BenchOptions.Phase.GATE)) {
          // Last: it leaves the sink two backlogs behind, which would bias any later figure.
          conditions.mark("checkpoint cost");
          rows.addAll(CheckpointCostPhase.run(run));
        }
      } finally {
        // Whatever failed, leave the four services as ./trace up --services has them.
        services.up(progress.asStackProgress());
      }
      progress.phase("5/5 writing the results");
    }
    BenchReport report =
        new BenchReport(
            started,
            Duration.between(started, Instant.now()),
            plan.mode(),
            command,
            machine(home, loadBefore),
            settings(plan, kafka),
            rows,
            memory,
            notes(plan, options, conditions));
    write(home, report, options);
  }

  /**
   * The gate refuses every benchmark event (UNKNOWN_ROUTE) until ingest has published the seeded
   * route of IP-200-FINAL. Ingest's route CDC stops when a publish times out (seen on a loaded
   * machine at first start) and re-reads the change at its next start: restart it once.
   */
  private static void awaitRoute(BenchRun run) throws Exception {
    if (PublishedRoutes.await(run.endpoints(), ROUTED_PRODUCT, Duration.ofSeconds(30))) {
      return;
    }
    run.progress().phase("0/5 route " + ROUTED_PRODUCT + " not published yet: restarting ingest");
    run.stop("ingest");
    run.start("ingest");
    if (!PublishedRoutes.await(run.endpoints(), ROUTED_PRODUCT, Duration.ofSeconds(120))) {
      throw new IllegalStateException(
          "ingest has not published route "
              + ROUTED_PRODUCT
              + " to "
              + TraceTopic.Names.ROUTES
              + " (see ./trace logs ingest): the gate would refuse every benchmark event");
    }
  }

  /** A full run of every phase regenerates BENCHMARKS.md; any other run writes files beside it. */
  private static void write(Path home, BenchReport report, BenchOptions options)
      throws IOException {
    String date = LocalDate.ofInstant(report.startedAt(), ZoneOffset.UTC).toString();
    boolean quick = report.mode() == BenchPlan.Mode.QUICK;
    boolean reference = !quick && options.allPhases();
    String name = date + (quick ? "-quick" : "") + options.suffix();
    Path results = home.resolve("load-tests").resolve("results");
    Files.createDirectories(results);
    Path json = results.resolve(name + ".json");
    Files.writeString(json, BenchJson.text(report), StandardCharsets.UTF_8);
    String block = BenchMarkdown.render(report);
    Path markdown;
    if (!reference) {
      markdown = results.resolve(name + ".md");
      Files.writeString(markdown, block, StandardCharsets.UTF_8);
    } else {
      markdown = home.resolve("BENCHMARKS.md");
      String document =
          Files.exists(markdown) ? Files.readString(markdown, StandardCharsets.UTF_8) : "";
      Files.writeString(
          markdown, BenchMarkdown.replaceBlock(document, block), StandardCharsets.UTF_8);
    }
    System.out.println();
    System.out.println(block);
    System.out.printf(
        "wrote %s and %s (wall time %d min %02d s)%n",
        home.relativize(json),
        home.relativize(markdown),
        report.wallTime().toMinutes(),
        report.wallTime().toSecondsPart());
  }

  /** The plan's settings, and this run's facts the figures depend on. */
  private static Map<String, String> settings(BenchPlan plan, KafkaBench kafka) {
    Map<String, String> settings = new LinkedHashMap<>(plan.describe());
    settings.put(
        "input topic",
        TraceTopic.Names.PRODUCTION_EVENTS
            + ", "
            + kafka.endOffsets(TraceTopic.Names.PRODUCTION_EVENTS).size()
            + " partitions");
    settings.put("gate as shipped", kafka.gate().latency() + " (gate application.properties)");
    return settings;
  }

  private static List<String> notes(
      BenchPlan plan, BenchOptions options, RunConditions conditions) {
    List<String> notes = new ArrayList<>();
    if (!options.allPhases()) {
      notes.add(
          "PARTIAL RUN: only the phases "
              + options.phases().toString().toLowerCase(Locale.ROOT)
              + " ran (--only).");
    }
    // What this run met on the machine, measured: load averages and other processes' CPU time.
    notes.addAll(conditions.notes());
    notes.add(
        "Everything runs on this one machine: the four services (-Xmx384m each), Kafka 4.3 (one"
            + " KRaft node), ClickHouse 26.7 (libchdb), PostgreSQL 15 (default settings), and"
            + " the harness.");
    notes.add(
        "Gate, sink and latency figures use real events: posted to ingest over HTTP, decided by"
            + " the gate, written by the sink.");
    notes.add(
        "Trace figures use a genealogy generated straight into ClickHouse (INSERT … SELECT FROM"
            + " numbers(), into the sink's tables in database trace_bench) and PostgreSQL"
            + " (INSERT … SELECT FROM generate_series(), unlogged tables with btree indexes on"
            + " parent and child; the CTEs run with jit, hash and merge joins off — see"
            + " PostgresTrace.SESSION_SETTINGS); the same edges in both. trace-api (the same runner jar, its"
            + " database setting pointed at trace_bench) answers through its real HTTP path.");
    if (plan.mode() == BenchPlan.Mode.QUICK) {
      notes.add(
          "QUICK RUN: smaller backlog, shorter phases and smaller trace scales than the reference run.");
    }
    return notes;
  }

  private static Machine machine(Path home, String loadBefore) {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        memoryMiB(),
        System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        commit(home),
        loadBefore,
        loadAverage());
  }

  private static long memoryMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException e) {
      // Not Linux: the JVM's view is the next best thing.
    }
    return Runtime.getRuntime().maxMemory() >> 20;
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String commit(Path home) {
    try {
      Process git =
          new ProcessBuilder(
                  "git", "-C", home.toString(), "describe", "--always", "--dirty", "--abbrev=12")
              .redirectErrorStream(true)
              .start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : "unknown";
    } catch (IOException | InterruptedException e) {
      return "unknown";
    }
  }
}
