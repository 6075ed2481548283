package io.serialtrace.load.bench;

import io.serialtrace.schemas.topics.TraceTopic;
import io.serialtrace.stack.LocalStack;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What the signed record checkpoints cost the gate: the same backlog decided twice in this run, by
 * the gate as shipped (checkpoints on) and by the same gate with {@code
 * gate.checkpoint.enabled=false}, each timed from its first decision to its last as {@link
 * GatePhase} does. Runs last: the sink, stopped meanwhile, then catches up on both backlogs after
 * everything else was measured.
 */
final class CheckpointCostPhase {
  private CheckpointCostPhase() {}

  static List<Row> run(BenchRun r) throws Exception {
    ProgressLine p = r.progress();
    p.phase("gate checkpoint cost: stopping the gate and the sink");
    r.stop("sink", "gate");
    int units = r.plan().gateUnits();
    long events = (long) units * BenchPlan.EVENTS_PER_UNIT;

    KafkaBench.Throughput with = round(r, "C" + r.id() + "-ON-", units, events, false);
    KafkaBench.Throughput without = round(r, "C" + r.id() + "-OFF-", units, events, true);
    p.result(
        String.format(
            Locale.ROOT,
            "gate with checkpoints %.0f events/s, without %.0f events/s",
            with.perSecond(),
            without.perSecond()));
    return List.of(
        new Row(
            "gate",
            "gate throughput with signed record checkpoints (every "
                + "gate.checkpoint.interval, default 10 s; "
                + events
                + " events after "
                + events / 2
                + " of warm-up, one gate instance)",
            new Figure(with.perSecond(), "events/s"),
            new Baseline.Measured(
                "the same gate with gate.checkpoint.enabled=false over an equal backlog, same run",
                new Figure(without.perSecond(), "events/s")),
            "two backlogs of real events posted to ingest while the gate was stopped; the gate"
                + " restarted over each (first with checkpoints, then without); first → last"
                + " decision of the measured units read by a read_committed consumer"));
  }

  /** Posts a backlog under {@code prefix} (warm-up + measured), starts a gate over it, times it. */
  private static KafkaBench.Throughput round(
      BenchRun r, String prefix, int units, long events, boolean checkpointsOff) throws Exception {
    ProgressLine p = r.progress();
    String mode = checkpointsOff ? "without checkpoints" : "with checkpoints";
    Map<TopicPartition, Long> decisionsBefore =
        r.kafka().endOffsets(TraceTopic.Names.GATE_DECISIONS);
    p.phase("gate checkpoint cost: posting the backlog for the gate " + mode);
    GatePhase.postBacklog(r, prefix + "W", units / 2);
    GatePhase.postBacklog(r, prefix + "M", units);
    LocalStack gate =
        r.gateWith(checkpointsOff ? Map.of("gate.checkpoint.enabled", "false") : Map.of());
    KafkaBench.Throughput measured =
        GatePhase.timed(
                r,
                decisionsBefore,
                prefix + "M",
                events,
                () -> gate.up(p.asStackProgress()),
                "gate checkpoint cost: the gate " + mode + " deciding the backlog")
            .throughput();
    gate.stop(List.of("gate"), p.asStackProgress());
    return measured;
  }
}
