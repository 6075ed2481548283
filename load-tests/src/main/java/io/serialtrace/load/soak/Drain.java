package io.serialtrace.load.soak;

import io.serialtrace.stack.StackEndpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;

/**
 * The end of a soak: after the last unit and the last fault, reads again every {@link #POLL} where
 * the gate and the sink stand ({@link Positions}), then ClickHouse ({@link StoredRows}), then the
 * topics ({@link GateOutput}), in that order, and reconciles. It ends as soon as the gate and the
 * sink have nothing left to process and every line is zero; otherwise when nothing has moved for
 * {@code --drain-stall}, or at the latest after {@code --drain}. One progress line per poll.
 */
final class Drain {
  private static final Duration POLL = Duration.ofSeconds(10);

  private final SoakOptions options;
  private final StackEndpoints endpoints;
  private final String runId;
  private final Consumer<String> say;

  Drain(SoakOptions options, StackEndpoints endpoints, String runId, Consumer<String> say) {
    this.options = options;
    this.endpoints = endpoints;
    this.runId = runId;
    this.say = say;
  }

  /** Drains; the last reconciliation made (empty only when nothing could ever be read). */
  Optional<Reconciliation> run(
      Map<String, Ledger.Entry> sent, Reconciliation.Completions completions)
      throws InterruptedException {
    Instant start = Instant.now();
    Instant bound = start.plus(options.drain());
    Instant lastMove = start;
    String lastState = "";
    Optional<Reconciliation> last = Optional.empty();
    try (GateOutput gate = new GateOutput(endpoints.kafkaBootstrap(), runId);
        Admin admin = Positions.admin(endpoints.kafkaBootstrap())) {
      while (true) {
        try {
          // Offsets first, ClickHouse next, topics last: see Reconciliation.
          Positions positions = Positions.read(admin);
          StoredRows rows = StoredRows.read(endpoints, runId);
          gate.poll();
          GateOutput.View view = gate.view();
          Reconciliation report = Reconciliation.of(sent, view, rows, positions, completions);
          last = Optional.of(report);
          long sinkBehind = positions.sinkBehind(view.lastSinkInput());
          String state =
              String.join(
                  "/",
                  Long.toString(positions.gateBehind()),
                  Long.toString(sinkBehind),
                  Integer.toString(view.firstDecisions().size()),
                  Integer.toString(rows.rowsPerEvent().size()),
                  Integer.toString(view.violations().size()),
                  Integer.toString(rows.violations().size()),
                  Long.toString(report.outstanding()));
          if (!state.equals(lastState)) {
            lastState = state;
            lastMove = Instant.now();
          }
          say.accept(
              String.format(
                  "drain +%ds: gate %d event(s) behind, sink %d record(s) behind; %d decisions,"
                      + " %d rows; %d off in %d check(s)%s%s",
                  Duration.between(start, Instant.now()).toSeconds(),
                  positions.gateBehind(),
                  sinkBehind,
                  view.firstDecisions().size(),
                  rows.rowsPerEvent().size(),
                  report.outstanding(),
                  report.offChecks().size(),
                  report.offChecks().isEmpty()
                      ? ""
                      : " (" + String.join("; ", report.offChecks()) + ")",
                  gate.undecodable().isEmpty() ? "" : "; undecodable: " + gate.undecodable()));
          if (positions.gateBehind() == 0 && sinkBehind == 0 && report.balanced()) {
            say.accept("drain: gate and sink have processed everything, every line is zero");
            return last;
          }
        } catch (Exception e) {
          say.accept("drain: read failed, trying again: " + e);
        }
        Instant now = Instant.now();
        if (now.isAfter(bound)) {
          say.accept("drain: --drain " + options.drain().toSeconds() + " s over; reporting as is");
          return last;
        }
        if (Duration.between(lastMove, now).compareTo(options.drainStall()) > 0) {
          say.accept(
              "drain: nothing moved for "
                  + Duration.between(lastMove, now).toSeconds()
                  + " s (--drain-stall); reporting as is");
          return last;
        }
        Thread.sleep(POLL);
      }
    }
  }
}
