package io.serialtrace.load.bench;

import io.serialtrace.load.SimIdentity;
import io.serialtrace.load.StationClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * The stated load: waited decisions at {@link BenchPlan#latencyRate()} events/s with the four
 * services' memory sampled meanwhile; the same POSTs un-waited as the baseline; then how long the
 * waited events took to become queryable in ClickHouse (ingest's received_time → the row's
 * ingested_at, both set by the pipeline on this machine's clock).
 */
final class LatencyPhase {
  private LatencyPhase() {}

  /** The rows and each service's memory under the load. */
  record Outcome(List<Row> rows, List<ServiceMemory> memory) {}

  static Outcome run(BenchRun r) throws Exception {
    ProgressLine p = r.progress();
    BenchPlan plan = r.plan();
    int rate = plan.latencyRate();
    String waitedPrefix = "LAT-" + r.id() + "-";
    DecisionRoundTrip.Outcome waited;
    DecisionRoundTrip.Outcome unwaited;
    List<ServiceMemory> memory;
    SimIdentity identity = new SimIdentity(r.settings());
    String token = FirstStep.token(identity);
    try (StationClient client =
        new StationClient(r.ingestUrl(), r.gateUrl(), Optional.empty(), identity)) {
      p.phase("3/5 decision latency at " + rate + " waited events/s (memory sampled)");
      try (MemorySampler sampler = new MemorySampler(r.settings())) {
        waited =
            DecisionRoundTrip.run(
                client,
                token,
                waitedPrefix,
                rate,
                plan.latencyWarmup(),
                plan.latencyDuration(),
                true,
                p);
        p.detail("collecting the last memory samples");
        sampler.close();
        memory = sampler.result();
      }
      p.result(describe("waited", waited));
      p.phase("3/5 decision latency: baseline, the same POSTs at " + rate + " events/s un-waited");
      unwaited =
          DecisionRoundTrip.run(
              client,
              token,
              "NOWAIT-" + r.id() + "-",
              rate,
              plan.latencyWarmup(),
              plan.baselineDuration(),
              false,
              p);
      p.result(describe("un-waited", unwaited));
    }
    Latency w = Latency.ofMicros(waited.micros());
    Latency u = Latency.ofMicros(unwaited.micros());
    String measurement = "gate decision latency %s at " + rate + " waited events/s";
    String baseline = "the same POST un-waited (202 once Kafka acknowledged), %s, at the same rate";
    String method =
        "POST /v1/events with Prefer: wait=5 → ingest → Kafka → gate (EOS, "
            + r.kafka().gate().latency()
            + ") →"
            + " decision read_committed by ingest → HTTP answer; "
            + w.count()
            + " round trips in "
            + plan.latencyDuration()
            + " ("
            + waited.notAccepted()
            + " not answered 200 ACCEPTED: refused, or no decision within the 5 s wait; "
            + waited.errors()
            + " errors), HdrHistogram";
    List<Row> rows = new ArrayList<>();
    rows.add(latencyRow("p50", w.p50(), u.p50(), measurement, baseline, method));
    rows.add(latencyRow("p99", w.p99(), u.p99(), measurement, baseline, method));
    rows.add(latencyRow("p99.9", w.p999(), u.p999(), measurement, baseline, method));
    // Installs apart: the gate decides them only once the component's claim is answered.
    rows.addAll(
        byKind("installs (ComponentScanned of a serial)", waited.installs(), unwaited.installs()));
    rows.addAll(
        byKind(
            "other events (start, step start, step completion)",
            waited.others(),
            unwaited.others()));

    p.phase("3/5 event → queryable: waiting for the sink to write the waited events");
    String table = BenchRun.PIPELINE_DATABASE + ".unit_records";
    String where = " WHERE serial LIKE '" + waitedPrefix + "%'";
    SinkPhase.awaitRows(r.clickHouse(), "SELECT count() FROM " + table + where, Long.MAX_VALUE, p);
    Histogram queryable = Latency.histogram();
    for (String line :
        r.clickHouse()
            .execute(
                "SELECT greatest(0, dateDiff('microsecond', received_time, ingested_at)) FROM "
                    + table
                    + where
                    + " FORMAT TSV")
            .strip()
            .split("\n")) {
      if (!line.isBlank()) {
        queryable.recordValue(Long.parseLong(line.strip()));
      }
    }
    Latency q = Latency.ofMicros(queryable);
    p.result(
        String.format(
            Locale.ROOT,
            "event → queryable: %d rows, p50 %.1f ms, p99 %.1f ms",
            q.count(),
            q.p50(),
            q.p99()));
    String queryableMethod =
        "unit_records rows of the waited events: ingested_at (ClickHouse insert time) −"
            + " received_time (ingest), "
            + q.count()
            + " rows; through ingest, the gate and the sink";
    Baseline none =
        new Baseline.NotMeasured(
            "read against the gate's decision latency above and the sink's flush interval");
    rows.add(
        new Row(
            "sink",
            "event → queryable in ClickHouse p50 at " + rate + " events/s",
            new Figure(q.p50(), "ms"),
            none,
            queryableMethod));
    rows.add(
        new Row(
            "sink",
            "event → queryable in ClickHouse p99 at " + rate + " events/s",
            new Figure(q.p99(), "ms"),
            none,
            queryableMethod));
    return new Outcome(rows, memory);
  }

  private static List<Row> byKind(String kind, Histogram waited, Histogram unwaited) {
    Latency w = Latency.ofMicros(waited);
    Latency u = Latency.ofMicros(unwaited);
    String measurement = "gate decision latency %s of " + kind;
    String baseline = "the same POSTs un-waited, %s";
    String method = w.count() + " of the round trips above; HdrHistogram";
    return List.of(
        latencyRow("p50", w.p50(), u.p50(), measurement, baseline, method),
        latencyRow("p99", w.p99(), u.p99(), measurement, baseline, method));
  }

  private static Row latencyRow(
      String percentile,
      double figure,
      double baseline,
      String measurement,
      String baselineText,
      String method) {
    return new Row(
        "latency",
        measurement.formatted(percentile),
        new Figure(figure, "ms"),
        new Baseline.Measured(baselineText.formatted(percentile), new Figure(baseline, "ms")),
        method);
  }

  private static String describe(String what, DecisionRoundTrip.Outcome o) {
    Latency l = Latency.ofMicros(o.micros());
    return String.format(
        Locale.ROOT,
        "%s: %d round trips, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms; installs p50"
            + " %.1f ms, p99 %.1f ms; others p50 %.1f ms, p99 %.1f ms; %d not accepted, %d errors",
        what,
        l.count(),
        l.p50(),
        l.p99(),
        l.p999(),
        l.max(),
        Latency.ofMicros(o.installs()).p50(),
        Latency.ofMicros(o.installs()).p99(),
        Latency.ofMicros(o.others()).p50(),
        Latency.ofMicros(o.others()).p99(),
        o.notAccepted(),
        o.errors());
  }
}
