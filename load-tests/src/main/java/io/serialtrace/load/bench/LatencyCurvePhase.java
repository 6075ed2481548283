package io.serialtrace.load.bench;

import io.serialtrace.load.SimIdentity;
import io.serialtrace.load.StationClient;
import io.serialtrace.stack.LocalStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The decision round trip against the gate's latency settings and the waited rate: for each point
 * of {@link BenchPlan#curvePoints()} (EOS commit interval, producer linger, poll time), the gate is
 * restarted with those settings and the station's waited round trip ({@link DecisionRoundTrip}) is
 * measured at each rate of {@link BenchPlan#curveRates()} in turn, until its p99 passes {@link
 * #KNEE_P99_MS} or events go unanswered. The knee of a point is the highest rate whose p99 stayed
 * within the bound. The gate is started as shipped at the end.
 */
final class LatencyCurvePhase {
  /** The p99 that marks the knee of a curve. */
  static final double KNEE_P99_MS = 100;

  /** Longest wait for a restarted gate to decide its first event. */
  private static final java.time.Duration DECIDING_TIMEOUT = java.time.Duration.ofMinutes(3);

  /** More not accepted than this share of a rate's round trips: the gate no longer keeps up. */
  private static final double MAX_NOT_ACCEPTED = 0.01;

  private LatencyCurvePhase() {}

  /** One measured rate of one point. */
  record Measured(GateLatency point, int rate, Latency latency, long notAccepted, long errors) {
    boolean withinKnee() {
      return latency.p99() <= KNEE_P99_MS
          && notAccepted + errors <= MAX_NOT_ACCEPTED * Math.max(1, latency.count());
    }
  }

  static List<Row> run(BenchRun r) throws Exception {
    ProgressLine p = r.progress();
    BenchPlan plan = r.plan();
    List<Row> rows = new ArrayList<>();
    SimIdentity identity = new SimIdentity(r.settings());
    String token = FirstStep.token(identity);
    int pointNo = 0;
    try {
      for (GateLatency point : plan.curvePoints()) {
        pointNo++;
        String name = "3b/5 latency curve " + pointNo + "/" + plan.curvePoints().size();
        p.phase(name + ": restarting the gate with " + point);
        r.stop("gate");
        LocalStack gate = r.gateWith(point.properties());
        gate.up(p.asStackProgress());
        List<Measured> measured = new ArrayList<>();
        try (StationClient client =
            new StationClient(r.ingestUrl(), r.gateUrl(), Optional.empty(), identity)) {
          awaitDecisions(client, token, "CURVE-" + r.id() + "-" + pointNo + "-probe-", p);
          for (int rate : plan.curveRates()) {
            p.phase(name + ": " + point + ", " + rate + " waited events/s");
            DecisionRoundTrip.Outcome o =
                DecisionRoundTrip.run(
                    client,
                    token,
                    "CURVE-" + r.id() + "-" + pointNo + "-" + rate + "-",
                    rate,
                    plan.curveWarmup(),
                    plan.curveDuration(),
                    true,
                    p);
            Measured m =
                new Measured(
                    point, rate, Latency.ofMicros(o.micros()), o.notAccepted(), o.errors());
            measured.add(m);
            p.result(describe(m));
            if (!m.withinKnee()) {
              break;
            }
          }
        }
        gate.stop(List.of("gate"), p.asStackProgress());
        rows.addAll(rows(label(r, point), measured));
      }
    } finally {
      r.start("gate"); // as shipped, whatever happened
    }
    return rows;
  }

  /**
   * A restarted gate is ready (its topics exist) before its stream thread has its tasks: under load
   * the rebalance took over 15 s here. Waits until a waited event is decided again, so no rate is
   * measured against a gate that is not deciding yet.
   */
  private static void awaitDecisions(
      StationClient client, String token, String prefix, ProgressLine p) throws Exception {
    long deadline = System.nanoTime() + DECIDING_TIMEOUT.toNanos();
    for (int i = 0; ; i++) {
      p.detail("waiting until the restarted gate decides again (probe " + (i + 1) + ")");
      try {
        if (client.postAndWait(FirstStep.events(prefix + i).get(0), 5, token).accepted()) {
          return;
        }
      } catch (Exception e) {
        // ingest or the gate still starting: try again until the deadline
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the restarted gate decided no event within "
                + DECIDING_TIMEOUT
                + " (see ./trace logs gate): the latency curve cannot be measured");
      }
      Thread.sleep(1_000);
    }
  }

  /** The point as the table names it: marked when it is what the gate ships with. */
  private static String label(BenchRun r, GateLatency point) {
    return point + (point.equals(r.kafka().gate().latency()) ? " (as shipped)" : "");
  }

  static List<Row> rows(String point, List<Measured> measured) {
    List<Row> rows = new ArrayList<>();
    for (Measured m : measured) {
      rows.add(
          new Row(
              "latency",
              "decision round trip p99 at " + m.rate() + " waited events/s, gate " + point,
              new Figure(m.latency().p99(), "ms"),
              new Baseline.NotMeasured(
                  "the other points of the curve at the same rate; p50 "
                      + BenchMarkdown.number(m.latency().p50())
                      + " ms"),
              String.format(
                  Locale.ROOT,
                  "POST /v1/events with Prefer: wait=5, %d round trips; p50 %.1f ms, p99 %.1f ms,"
                      + " p99.9 %.1f ms; %d not answered 200 ACCEPTED, %d errors; HdrHistogram",
                  m.latency().count(),
                  m.latency().p50(),
                  m.latency().p99(),
                  m.latency().p999(),
                  m.notAccepted(),
                  m.errors())));
    }
    Optional<Measured> knee = measured.stream().filter(Measured::withinKnee).reduce((a, b) -> b);
    Optional<Measured> past = measured.stream().filter(m -> !m.withinKnee()).findFirst();
    String how =
        past.map(
                m ->
                    String.format(
                        Locale.ROOT,
                        "p99 passed %.0f ms at %d events/s (%.1f ms, %d not accepted)",
                        KNEE_P99_MS,
                        m.rate(),
                        m.latency().p99(),
                        m.notAccepted()))
            .orElse(
                "p99 stayed within "
                    + (int) KNEE_P99_MS
                    + " ms up to the highest rate tried: the knee is above it");
    rows.add(
        new Row(
            "latency",
            "knee: highest waited rate with decision round trip p99 ≤ "
                + (int) KNEE_P99_MS
                + " ms, gate "
                + point,
            new Figure(knee.map(Measured::rate).orElse(0), "events/s"),
            new Baseline.NotMeasured("the other points of the curve"),
            how));
    return rows;
  }

  private static String describe(Measured m) {
    return String.format(
        Locale.ROOT,
        "%s at %d/s: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms (%d round trips, %d not accepted, %d"
            + " errors)",
        m.point(),
        m.rate(),
        m.latency().p50(),
        m.latency().p99(),
        m.latency().p999(),
        m.latency().count(),
        m.notAccepted(),
        m.errors());
  }
}
