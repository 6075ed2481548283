package io.serialtrace.load.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serialtrace.load.EventLedger;
import io.serialtrace.load.SimIdentity;
import io.serialtrace.load.StationClient;
import io.serialtrace.schemas.topics.TraceTopic;
import io.serialtrace.stack.ManagedProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;

/**
 * Gate throughput beside the raw pass-through: with the gate (and the sink) stopped, a backlog of
 * {@link FirstStep} units is posted to ingest; the pass-through copies exactly those input records;
 * then the gate starts and is timed from its first decision to the last (read_committed, so EOS
 * commits included). The sink stays stopped: its input builds up for {@link SinkPhase}.
 */
final class GatePhase {
  private static final int UNITS_PER_BATCH = 25;
  private static final Duration POST_SETTLE = Duration.ofSeconds(60);

  /** More than the gate's checkpoint interval (10 s): its deletes of signed records land. */
  private static final Duration CHECKPOINT_SETTLE = Duration.ofSeconds(12);

  private GatePhase() {}

  /** The backlog's serial prefix and event count (warm-up included), for the sink phase. */
  record Outcome(String serialPrefix, long events, List<Row> rows) {}

  static Outcome run(BenchRun r) throws Exception {
    ProgressLine p = r.progress();
    p.phase("1/5 gate throughput: stopping the gate and the sink while a backlog builds");
    r.stop("sink", "gate");
    Map<TopicPartition, Long> inputBefore =
        r.kafka().endOffsets(TraceTopic.Names.PRODUCTION_EVENTS);
    Map<TopicPartition, Long> decisionsBefore =
        r.kafka().endOffsets(TraceTopic.Names.GATE_DECISIONS);
    int units = r.plan().gateUnits();
    int warmupUnits = units / 2;
    long events = (long) units * BenchPlan.EVENTS_PER_UNIT;
    long allEvents = (long) (units + warmupUnits) * BenchPlan.EVENTS_PER_UNIT;
    String prefix = "BENCH-" + r.id() + "-";
    // Warm-up units first: a restarted gate's JIT warms up on them; only the measured units'
    // decisions (key = serial) are timed.
    String warmupPrefix = prefix + "W";
    String measuredPrefix = prefix + "M";

    p.phase(
        "1/5 gate throughput: posting "
            + allEvents
            + " events to ingest (gate stopped; the first "
            + (allEvents - events)
            + " warm it up)");
    postBacklog(r, warmupPrefix, warmupUnits);
    postBacklog(r, measuredPrefix, units);
    Map<TopicPartition, Long> inputAfter = r.kafka().endOffsets(TraceTopic.Names.PRODUCTION_EVENTS);

    p.phase("1/5 gate throughput: baseline, raw EOS pass-through of the same events");
    KafkaBench.Throughput baseline =
        r.kafka()
            .passThrough(
                inputBefore, inputAfter, r.id(), n -> p.detail(n + "/" + allEvents + " copied"));
    p.result(
        String.format(
            java.util.Locale.ROOT,
            "pass-through: %d events in %.1f s = %.0f events/s",
            baseline.items(),
            baseline.seconds(),
            baseline.perSecond()));

    p.phase("1/5 gate throughput: starting the gate over the backlog");
    Map<TopicPartition, Long> internalBefore = r.kafka().endOffsets(r.kafka().gateChangelogs());
    Timed timedGate =
        timed(
            r,
            decisionsBefore,
            measuredPrefix,
            events,
            () -> r.start("gate"),
            "1/5 gate throughput: the gate deciding the backlog");
    KafkaBench.Throughput gate = timedGate.throughput();
    p.result(
        String.format(
            java.util.Locale.ROOT,
            "gate: %d decisions in %.1f s = %.0f events/s",
            gate.items(),
            gate.seconds(),
            gate.perSecond()));
    Row writes = storeWrites(r, internalBefore, allEvents);
    Optional<Row> cpu =
        timedGate
            .gateCpu()
            .map(
                c ->
                    new Row(
                        "gate",
                        "gate CPU time per decided event (" + gate.items() + " events)",
                        new Figure(c.toNanos() / 1e3 / Math.max(1, gate.items()), "µs/event"),
                        new Baseline.NotMeasured(
                            "none: other load on the machine stretches it far less than the"
                                + " wall-clock throughput above"),
                        "CPU time of the gate process (all threads: stream thread, producer and"
                            + " consumer I/O, RocksDB, GC) from its first to its last measured"
                            + " decision, ÷ the decisions counted between them"));
    cpu.ifPresent(
        c ->
            p.result(
                String.format(
                    java.util.Locale.ROOT, "gate CPU: %.0f µs per event", c.figure().value())));
    Row row =
        new Row(
            "gate",
            "gate throughput, EOS on ("
                + events
                + " events after "
                + (allEvents - events)
                + " of warm-up, "
                + inputBefore.size()
                + " input partitions, one gate instance, commit.interval.ms "
                + r.kafka().gate().commitInterval().toMillis()
                + ")",
            new Figure(gate.perSecond(), "events/s"),
            new Baseline.Measured(
                "raw Kafka consume→produce pass-through of the same records, EOS (transaction"
                    + " every "
                    + r.kafka().gate().commitInterval().toMillis()
                    + " ms as the gate's, read_committed)",
                new Figure(baseline.perSecond(), "events/s")),
            "real events posted to ingest while the gate was stopped; gate restarted; first →"
                + " last decision of the measured units read by a read_committed consumer; the"
                + " baseline copies all "
                + allEvents
                + " records");
    List<Row> rows = new ArrayList<>(List.of(row, writes));
    cpu.ifPresent(rows::add);
    return new Outcome(prefix, allEvents, rows);
  }

  /**
   * What the gate wrote to its changelogs for the backlog, per event decided (warm-up included): a
   * store write is a changelog record, so this is the state cost per event. Counted after one more
   * checkpoint interval, so the anchor's deletes of what it signed are in.
   */
  private static Row storeWrites(BenchRun r, Map<TopicPartition, Long> before, long events)
      throws Exception {
    ProgressLine p = r.progress();
    p.phase("1/5 gate throughput: counting the gate's changelog records");
    Thread.sleep(CHECKPOINT_SETTLE.toMillis());
    Map<TopicPartition, Long> after = r.kafka().endOffsets(r.kafka().gateChangelogs());
    Map<String, Long> written = r.kafka().recordsBetween(before, after);
    long total = written.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder byStore = new StringBuilder();
    written.forEach(
        (topic, n) ->
            byStore
                .append(byStore.isEmpty() ? "" : ", ")
                .append(r.kafka().gate().storeOf(topic))
                .append(' ')
                .append(String.format(java.util.Locale.ROOT, "%.2f", n / (double) events)));
    p.result(
        String.format(
            java.util.Locale.ROOT,
            "gate state writes: %d changelog records for %d events = %.2f per event (%s)",
            total,
            events,
            total / (double) events,
            byStore));
    return new Row(
        "gate",
        "gate state writes per event: changelog records (" + events + " events)",
        new Figure(total / (double) events, "records/event"),
        new Baseline.NotMeasured("the pass-through keeps no state; per store in how"),
        "records the gate's transactions committed to its changelogs (one per store write)"
            + " while it decided the backlog and signed it (read_committed, markers not counted),"
            + " ÷ events; per store: "
            + byStore);
  }

  /** Something that starts a gate. */
  interface GateStart {
    void start() throws Exception;
  }

  /**
   * Starts a gate over a backlog and times it: first to last decision of the {@code events}
   * measured events (key prefix {@code measuredPrefix}) after {@code decisionsBefore}.
   */
  /**
   * A gate's run over a backlog: first → last measured decision, and the CPU time the gate process
   * used meanwhile (all its threads; empty when the process cannot be seen), which other load on
   * the machine stretches far less than the wall-clock time.
   */
  record Timed(KafkaBench.Throughput throughput, Optional<Duration> gateCpu) {}

  static Timed timed(
      BenchRun r,
      Map<TopicPartition, Long> decisionsBefore,
      String measuredPrefix,
      long events,
      GateStart start,
      String phase)
      throws Exception {
    ProgressLine p = r.progress();
    AtomicReference<Optional<Duration>> cpuAtFirst = new AtomicReference<>();
    try (ExecutorService reader = Executors.newSingleThreadExecutor()) {
      Future<KafkaBench.Throughput> decisions =
          reader.submit(
              () ->
                  r.kafka()
                      .count(
                          decisionsBefore,
                          measuredPrefix,
                          events,
                          Duration.ofMinutes(10),
                          n -> {
                            cpuAtFirst.compareAndSet(null, gateCpu(r));
                            p.detail(n + "/" + events + " decisions");
                          }));
      start.start();
      p.phase(phase);
      KafkaBench.Throughput throughput = decisions.get();
      Optional<Duration> end = gateCpu(r);
      Optional<Duration> first = cpuAtFirst.get() == null ? Optional.empty() : cpuAtFirst.get();
      return new Timed(
          throughput, first.flatMap(f -> end.map(e -> e.minus(f))).filter(d -> !d.isNegative()));
    }
  }

  /** CPU time the running gate process has used so far. */
  private static Optional<Duration> gateCpu(BenchRun r) {
    return ManagedProcess.running("gate", r.settings())
        .flatMap(process -> process.info().totalCpuDuration());
  }

  /** Posts {@code units} first-step units under {@code prefix} to ingest, in batches. */
  static void postBacklog(BenchRun r, String prefix, int units) throws Exception {
    AtomicLong posted = new AtomicLong();
    long total = (long) units * BenchPlan.EVENTS_PER_UNIT;
    SimIdentity identity = new SimIdentity(r.settings());
    String token = FirstStep.token(identity);
    // Posted again with the same eventIds while ingest answers 503 (Kafka did not confirm in
    // time, seen on a loaded machine), as a station does: a backlog is measured, not its posting.
    try (StationClient client =
            new StationClient(
                r.ingestUrl(),
                r.gateUrl(),
                Optional.empty(),
                identity,
                EventLedger.NONE,
                POST_SETTLE);
        ExecutorService posters = Executors.newFixedThreadPool(4)) {
      List<Future<?>> batches = new ArrayList<>();
      for (int first = 0; first < units; first += UNITS_PER_BATCH) {
        int from = first;
        batches.add(
            posters.submit(
                () -> {
                  List<ObjectNode> batch = new ArrayList<>();
                  for (int i = from; i < Math.min(units, from + UNITS_PER_BATCH); i++) {
                    batch.addAll(FirstStep.events(prefix + i));
                  }
                  client.post(batch, token);
                  r.progress().detail(posted.addAndGet(batch.size()) + "/" + total + " posted");
                  return null;
                }));
      }
      for (Future<?> batch : batches) {
        batch.get();
      }
    }
  }
}
