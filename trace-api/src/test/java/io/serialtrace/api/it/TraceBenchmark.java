package io.serialtrace.api.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Hand-run trace latency harness (not a test). {@code load N}: N units as N/5 chains of five levels
 * (B{n}-0 ← B{n}-1 ← … ← B{n}-4 ← LOT-{n % (N/5/10000)}), so each lot is in 10,000 units at level 4
 * and 50,000 across all levels, generated inside ClickHouse by INSERT … SELECT FROM numbers().
 * {@code measure URL runs}: p50/p99 of the backward depth-5 trace of random top units and of the
 * forward where-used of random lots, through the running app's HTTP API. See the README.
 */
public final class TraceBenchmark {
  public static final String DATABASE = "trace_api_bench";

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "load" -> load(Integer.parseInt(args[1]));
      case "measure" -> measure(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException("load N | measure URL UNITS RUNS");
    }
  }

  static void load(int units) throws Exception {
    TraceDatabase db = new TraceDatabase(ApiStackResource.endpoints(), DATABASE);
    db.migrate();
    int chains = units / 5;
    int lots = Math.max(1, chains / 10_000);
    long start = System.nanoTime();
    String columns =
        "(parent_serial, child, child_kind, child_serial, lot_id, edge_type, part,"
            + " qty, step_id, plant, event_id, event_time, kafka_partition, kafka_offset)";
    for (int level = 0; level < 4; level++) {
      String parent = "concat('B', toString(number), '-" + level + "')";
      String child = "concat('B', toString(number), '-" + (level + 1) + "')";
      db.execute(
          "INSERT INTO "
              + DATABASE
              + ".genealogy_edges "
              + columns
              + " SELECT "
              + parent
              + ", "
              + child
              + ", 'SERIAL', "
              + child
              + ", NULL, 'INSTALLED', 'PART-"
              + level
              + "', 1, 'assemble', if(number % 2 = 0, 'P1', 'P2'), generateUUIDv4(number),"
              + " toDateTime64('2026-01-01 00:00:00', 6, 'UTC') + number, 0, number FROM numbers("
              + chains
              + ") SETTINGS async_insert = 0");
    }
    db.execute(
        "INSERT INTO "
            + DATABASE
            + ".genealogy_edges "
            + columns
            + " SELECT concat('B', toString(number), '-4'), concat('LOT-', toString(number % "
            + lots
            + ")), 'LOT', NULL, concat('LOT-', toString(number % "
            + lots
            + ")), 'INSTALLED', 'RESIN',"
            + " 1, 'mold', 'P1', generateUUIDv4(number), toDateTime64('2026-01-01 00:00:00', 6, 'UTC')"
            + " + number, 0, number FROM numbers("
            + chains
            + ") SETTINGS async_insert = 0");
    db.execute(
        "INSERT INTO "
            + DATABASE
            + ".units (serial, plant, product, work_order,"
            + " route_revision, status, status_at, record_head, record_count, violation_count,"
            + " version, kafka_topic, kafka_partition, kafka_offset) SELECT concat('B',"
            + " toString(intDiv(number, 5)), '-', toString(number % 5)), if(number % 2 = 0, 'P1',"
            + " 'P2'), 'PUMP', 'WO', 'A', if(number % 3 = 0, 'COMPLETED', 'IN_WORK'),"
            + " toDateTime64('2026-01-02 00:00:00', 6, 'UTC'), '', 1, 0, 3, 't', 0, number FROM"
            + " numbers("
            + (chains * 5L)
            + ") SETTINGS async_insert = 0");
    db.execute("OPTIMIZE TABLE " + DATABASE + ".genealogy_edges FINAL");
    db.execute("OPTIMIZE TABLE " + DATABASE + ".units FINAL");
    System.out.printf(
        "loaded %d units (%d chains, %d lots of %d) and %d edges in %.1f s%n",
        chains * 5L, chains, lots, chains / lots, chains * 5L, (System.nanoTime() - start) / 1e9);
  }

  static void measure(String base, int units, int runs) throws Exception {
    int chains = units / 5;
    int lots = Math.max(1, chains / 10_000);
    HttpClient http = HttpClient.newHttpClient();
    SplittableRandom random = new SplittableRandom(42);
    long[] backward = new long[runs];
    long[] forward = new long[runs];
    for (int i = -10; i < runs; i++) {
      long b =
          time(
              http,
              base
                  + "/v1/units/B"
                  + random.nextInt(chains)
                  + "-0/genealogy?direction=down&depth=5");
      long f =
          time(
              http,
              base + "/v1/lots/LOT-" + random.nextInt(lots) + "/where-used?depth=5&limit=100");
      if (i >= 0) {
        backward[i] = b;
        forward[i] = f;
      }
    }
    report("backward depth-5 trace", backward);
    report("forward where-used of a lot in 10k units (50k in scope)", forward);
  }

  private static long time(HttpClient http, String url) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).build(),
            HttpResponse.BodyHandlers.ofString());
    long micros = (System.nanoTime() - start) / 1_000;
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
    }
    return micros;
  }

  private static void report(String what, long[] micros) {
    long[] sorted = micros.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%s: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n",
        what,
        sorted.length,
        sorted[(int) Math.floor(0.50 * (sorted.length - 1))] / 1000.0,
        sorted[(int) Math.floor(0.99 * (sorted.length - 1))] / 1000.0,
        sorted[sorted.length - 1] / 1000.0);
  }
}
