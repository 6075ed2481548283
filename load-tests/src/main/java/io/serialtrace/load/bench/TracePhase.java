package io.serialtrace.load.bench;

import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.auth.DevIdentity;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.auth.TokenRequest;
import io.serialtrace.stack.component.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * Trace latency at each scale: the genealogy generated into ClickHouse ({@value
 * BenchRun#BENCH_DATABASE}, the sink's tables) and PostgreSQL (database {@value #PG_DATABASE}),
 * then the backward depth-5 trace and the forward where-used of a lot in 10k units, through
 * trace-api's real HTTP path and its genealogy walker (a trace-api on the generated database, in
 * place of the usual one while this phase runs) beside the same query as a recursive CTE in
 * PostgreSQL. Latencies are client-side, end to end (HTTP or JDBC), in an HdrHistogram.
 */
final class TracePhase {
  static final String PG_DATABASE = "bench";
  private static final long CHAINS_PER_CHUNK = 200_000;
  private static final int BACKWARD_WARMUP = 3;
  private static final int FORWARD_WARMUP = 1;
  private static final int MIN_RUNS = 3;
  private static final int DEPTH = 5;
  private static final List<String> TABLES =
      List.of(
          "genealogy_edges",
          "genealogy_closure",
          "units",
          "unit_records",
          "violations",
          "record_access");

  private final BenchRun r;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * An admin sees every plant's units, as the generated genealogy spans them; each request is also
   * audited (record_access), which is part of the measured path.
   */
  private final String bearer;

  private TracePhase(BenchRun r) {
    this.r = r;
    this.bearer =
        DevIdentity.in(r.settings().authDir())
            .mint(
                TokenRequest.of("bench-admin", Set.of(Role.ADMIN), Set.of("P1", "P2", "P3", "P4"))
                    .withLifetime(Duration.ofHours(2)),
                Instant.now());
  }

  static List<Row> run(BenchRun r) throws Exception {
    return new TracePhase(r).measure();
  }

  private List<Row> measure() throws Exception {
    ProgressLine p = r.progress();
    p.phase(
        "4/5 trace: fresh "
            + BenchRun.BENCH_DATABASE
            + " (ClickHouse) and "
            + PG_DATABASE
            + " (PostgreSQL)");
    ClickHouseHttp ch = r.clickHouse();
    ch.execute("CREATE DATABASE IF NOT EXISTS " + BenchRun.BENCH_DATABASE);
    for (String table : TABLES) {
      ch.execute("DROP TABLE IF EXISTS " + BenchRun.BENCH_DATABASE + "." + table);
      ch.execute(
          "CREATE TABLE "
              + BenchRun.BENCH_DATABASE
              + "."
              + table
              + " AS "
              + BenchRun.PIPELINE_DATABASE
              + "."
              + table);
    }
    createPostgresDatabase(r.endpoints(), PG_DATABASE);
    ServiceProcess benchApi =
        ServiceProcess.all(r.settings()).stream()
            .filter(s -> s.name().equals("api"))
            .findFirst()
            .orElseThrow()
            // A 50k-unit where-used at 10M units on a loaded 2-core machine can pass the default
            // 30 s per query; the benchmark measures it rather than a 503.
            // The generated database is the owner's: trace_api's grants cover only `trace`.
            .withProperties(
                Map.of(
                    "api.database",
                    BenchRun.BENCH_DATABASE,
                    "api.query-timeout",
                    "PT120S",
                    "quarkus.datasource.username",
                    r.endpoints().clickhouseUser(),
                    "quarkus.datasource.password",
                    "${TRACE_BENCH_CLICKHOUSE_PASSWORD}"),
                Map.of("TRACE_BENCH_CLICKHOUSE_PASSWORD", r.endpoints()::clickhousePassword));
    LocalStack benchApiStack = new LocalStack(r.settings(), List.of(benchApi));
    List<Row> rows = new ArrayList<>();
    try (Connection pg = postgres(r.endpoints(), PG_DATABASE)) {
      pg.setAutoCommit(true);
      execute(pg, GenealogyGenerator.postgresSchema());
      execute(pg, PostgresTrace.SESSION_SETTINGS);
      p.detail("trace-api restarting on " + BenchRun.BENCH_DATABASE);
      r.stop("api");
      benchApiStack.up(p.asStackProgress());
      long chainsDone = 0;
      for (long units : r.plan().traceScales()) {
        long chains = GenealogyGenerator.chains(units);
        generate(ch, pg, units, chainsDone, chains);
        chainsDone = chains;
        rows.addAll(measureScale(pg, units));
      }
    } finally {
      p.detail("trace-api back on " + BenchRun.PIPELINE_DATABASE);
      benchApiStack.stop(List.of("api"), p.asStackProgress());
      r.start("api");
    }
    return rows;
  }

  private void generate(ClickHouseHttp ch, Connection pg, long units, long from, long to)
      throws Exception {
    ProgressLine p = r.progress();
    String scale = scale(units);
    p.phase("4/5 trace " + scale + ": generating into ClickHouse (INSERT … SELECT FROM numbers())");
    long t0 = System.nanoTime();
    for (long chunk = from; chunk < to; chunk += CHAINS_PER_CHUNK) {
      long count = Math.min(CHAINS_PER_CHUNK, to - chunk);
      for (String sql :
          GenealogyGenerator.clickHouseInserts(BenchRun.BENCH_DATABASE, chunk, count)) {
        ch.execute(sql);
      }
      p.detail(percent(chunk + count - from, to - from) + " of " + (to - from) + " new chains");
    }
    p.detail("merging (OPTIMIZE FINAL)");
    ch.execute("OPTIMIZE TABLE " + BenchRun.BENCH_DATABASE + ".genealogy_edges FINAL");
    ch.execute("OPTIMIZE TABLE " + BenchRun.BENCH_DATABASE + ".units FINAL");
    double chSeconds = (System.nanoTime() - t0) / 1e9;
    p.phase(
        "4/5 trace "
            + scale
            + ": generating into PostgreSQL (INSERT … SELECT FROM generate_series())");
    long t1 = System.nanoTime();
    execute(pg, GenealogyGenerator.postgresDropIndexes());
    for (long chunk = from; chunk < to; chunk += CHAINS_PER_CHUNK) {
      long count = Math.min(CHAINS_PER_CHUNK, to - chunk);
      execute(pg, GenealogyGenerator.postgresInserts(chunk, count));
      p.detail(percent(chunk + count - from, to - from) + " of " + (to - from) + " new chains");
    }
    p.detail("building indexes and statistics");
    execute(pg, GenealogyGenerator.postgresCreateIndexes());
    p.result(
        String.format(
            Locale.ROOT,
            "%s units generated: ClickHouse %.1f s, PostgreSQL %.1f s (%d chains so far)",
            scale,
            chSeconds,
            (System.nanoTime() - t1) / 1e9,
            to));
  }

  private List<Row> measureScale(Connection pg, long units) throws Exception {
    ProgressLine p = r.progress();
    String scale = scale(units);
    long chains = GenealogyGenerator.chains(units);
    long lots = GenealogyGenerator.lots(units);
    Walk backward =
        new Walk(
            "backward depth-5 trace",
            r.plan().backwardRuns(),
            BACKWARD_WARMUP,
            chains,
            GenealogyGenerator::topUnit,
            unit -> "/v1/units/" + unit + "/genealogy?direction=down&depth=" + DEPTH,
            PostgresTrace.BACKWARD);
    Walk forward =
        new Walk(
            "forward where-used of a lot in 10k units",
            r.plan().forwardRuns(),
            FORWARD_WARMUP,
            lots,
            GenealogyGenerator::lot,
            lot -> "/v1/lots/" + lot + "/where-used?depth=" + DEPTH + "&limit=100",
            PostgresTrace.FORWARD);
    Latency backApi = timeApi(scale, backward);
    Latency backPg = timePostgres(scale, backward, pg);
    Latency fwdApi = timeApi(scale, forward);
    Latency fwdPg = timePostgres(scale, forward, pg);
    p.result(
        String.format(
            Locale.ROOT,
            "%s: backward p50 %.1f / %.1f ms, forward p50 %.1f / %.1f ms (trace-api / PostgreSQL)",
            scale,
            backApi.p50(),
            backPg.p50(),
            fwdApi.p50(),
            fwdPg.p50()));
    String data =
        "generated genealogy ("
            + chains
            + " five-unit chains, "
            + lots
            + " lots of 10k chains) in both engines";
    String backMethod =
        "GET /v1/units/{top}/genealogy?direction=down&depth=5 (5 edges; one indexed IN query per"
            + " level); "
            + data;
    String fwdMethod =
        "GET /v1/lots/{lot}/where-used?depth=5&limit=100 (50k units in scope, states from units"
            + " FINAL); PostgreSQL returns the whole scope with states; "
            + data;
    List<Row> rows = new ArrayList<>();
    rows.addAll(traceRows(scale, backward.label(), backApi, backPg, backMethod));
    rows.addAll(traceRows(scale, forward.label(), fwdApi, fwdPg, fwdMethod));
    return rows;
  }

  /**
   * One trace query in both engines.
   *
   * @param label what it is, in words
   * @param runs timed requests at most
   * @param warmup untimed requests first
   * @param choices how many start nodes there are (chains or lots) to pick from at random
   * @param start the start node of choice {@code n}
   * @param apiPath trace-api's path for a start node
   * @param cte the PostgreSQL recursive CTE ({@code ?1} start node, {@code ?2} depth)
   */
  private record Walk(
      String label,
      int runs,
      int warmup,
      long choices,
      java.util.function.LongFunction<String> start,
      java.util.function.UnaryOperator<String> apiPath,
      String cte) {}

  private Latency timeApi(String scale, Walk walk) throws Exception {
    r.progress().phase("4/5 trace " + scale + ": " + walk.label() + ", trace-api");
    String api = r.apiUrl();
    return series(
        walk.runs(),
        walk.warmup(),
        seed -> get(api + walk.apiPath().apply(walk.start().apply(seed.nextLong(walk.choices())))));
  }

  private Latency timePostgres(String scale, Walk walk, Connection pg) throws Exception {
    r.progress().phase("4/5 trace " + scale + ": " + walk.label() + ", PostgreSQL recursive CTE");
    return series(
        walk.runs(),
        walk.warmup(),
        seed -> cte(pg, walk.cte(), walk.start().apply(seed.nextLong(walk.choices()))));
  }

  /** The p50 and p99 rows of one query at one scale: trace-api beside PostgreSQL. */
  private static List<Row> traceRows(
      String scale, String what, Latency api, Latency pg, String method) {
    List<Row> rows = new ArrayList<>();
    for (String percentile : List.of("p50", "p99")) {
      boolean median = percentile.equals("p50");
      rows.add(
          new Row(
              "trace",
              what
                  + " "
                  + percentile
                  + " at "
                  + scale
                  + " units (ClickHouse via trace-api, n="
                  + api.count()
                  + ")",
              new Figure(median ? api.p50() : api.p99(), "ms"),
              new Baseline.Measured(
                  "PostgreSQL 15 recursive CTE on the same genealogy (JDBC, index nested loops"
                      + " pinned, n="
                      + pg.count()
                      + ")",
                  new Figure(median ? pg.p50() : pg.p99(), "ms")),
              method));
    }
    return rows;
  }

  /** A request to time; the random source picks its unit or lot. */
  @FunctionalInterface
  private interface Request {
    void send(SplittableRandom seed) throws Exception;
  }

  /**
   * Up to {@code runs} timed requests after a warm-up, fewer (at least {@link #MIN_RUNS}) when the
   * series budget runs out.
   */
  private Latency series(int runs, int warmup, Request request) throws Exception {
    SplittableRandom seed = new SplittableRandom(42);
    for (int i = 0; i < warmup; i++) {
      request.send(seed);
    }
    Histogram micros = Latency.histogram();
    long budgetEnd = System.nanoTime() + r.plan().seriesBudget().toNanos();
    for (int i = 0; i < runs && (i < MIN_RUNS || System.nanoTime() < budgetEnd); i++) {
      long t0 = System.nanoTime();
      request.send(seed);
      micros.recordValue((System.nanoTime() - t0) / 1_000);
      r.progress().detail((i + 1) + "/" + runs + " requests");
    }
    return Latency.ofMicros(micros);
  }

  private void get(String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + bearer)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          url + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private static void cte(Connection pg, String sql, String start) throws Exception {
    try (PreparedStatement statement = pg.prepareStatement(sql)) {
      statement.setString(1, start);
      statement.setInt(2, DEPTH);
      long rows = 0;
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows++;
        }
      }
      if (rows == 0) {
        throw new IllegalStateException("the recursive CTE found nothing from " + start);
      }
    }
  }

  /** Creates {@code database} in the stack's PostgreSQL unless it exists. */
  static void createPostgresDatabase(StackEndpoints stack, String database) throws Exception {
    try (Connection mes =
            DriverManager.getConnection(
                stack.postgresJdbcUrl(), stack.postgresUser(), stack.postgresPassword());
        Statement s = mes.createStatement();
        ResultSet exists =
            s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
      if (!exists.next()) {
        try (Statement create = mes.createStatement()) {
          create.execute("CREATE DATABASE " + database);
        }
      }
    }
  }

  /** A connection to {@code database} of the stack's PostgreSQL (beside the MES one). */
  static Connection postgres(StackEndpoints stack, String database) throws Exception {
    String mes = stack.postgresJdbcUrl();
    return DriverManager.getConnection(
        mes.substring(0, mes.lastIndexOf('/') + 1) + database,
        stack.postgresUser(),
        stack.postgresPassword());
  }

  /** Runs statements one by one. */
  static void execute(Connection pg, List<String> statements) throws Exception {
    try (Statement s = pg.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static String percent(long done, long total) {
    return String.format(Locale.ROOT, "%.0f%%", 100.0 * done / Math.max(1, total));
  }

  static String scale(long units) {
    return units >= 1_000_000 && units % 1_000_000 == 0
        ? units / 1_000_000 + "M"
        : units >= 1_000 && units % 1_000 == 0 ? units / 1_000 + "k" : Long.toString(units);
  }
}
