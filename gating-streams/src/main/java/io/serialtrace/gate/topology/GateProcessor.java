package io.serialtrace.gate.topology;

import io.serialtrace.gate.rules.ClaimWaitRules;
import io.serialtrace.gate.rules.ClockResult;
import io.serialtrace.gate.rules.ComponentFact;
import io.serialtrace.gate.rules.GateRules;
import io.serialtrace.gate.rules.UnitState;
import io.serialtrace.gate.rules.Verdict;
import io.serialtrace.schemas.ComponentClaimAnswer;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.UnitStarted;
import io.serialtrace.schemas.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The gate: loads the unit's state, asks {@link GateRules} (through {@link ClaimWaitRules}, which
 * holds an installation of a serialized component, and the events after it, until the component's
 * claim is answered), stores and emits what the verdicts say. Also the wall-clock punctuator
 * raising time limits over the due-time index, refusing installations whose claim went unanswered,
 * purging dedup entries an earlier gate stored ({@link EventDecisions}), ending notices past their
 * retention (EXPIRED) and compacting closed units; and, on its own interval, the signed checkpoint
 * of the records appended ({@link RecordAnchor}). Refusal notices are remembered by violationId
 * ({@link NoticeMemory}, not in the unit state: a serial that never became a unit has notices too),
 * so an Acknowledgement can end one whatever its unit's status.
 *
 * <p>Gate time for an event is the input record's timestamp, not the wall clock, so a replay of the
 * same input decides identically; the punctuator uses wall-clock time because that is what a
 * deadline is about.
 */
public final class GateProcessor implements Processor<String, GateInput, String, GateOutput> {

  private final GateRules rules;
  private final ClaimWaitRules claims;
  private final Duration dedupRetention;
  private final Duration closedUnitRetention;
  private final Duration noticeRetention;
  private final Duration punctuationInterval;
  private final GateSettings.Checkpoint checkpoints;
  private final CheckpointSigner signer;

  private ProcessorContext<String, GateOutput> context;
  private KeyValueStore<String, UnitState> units;
  private EventDecisions decisions;
  private KeyValueStore<Bytes, String> dueIndex;
  private NoticeMemory notices;
  private KeyValueStore<String, Route> routes;
  private RouteRevisions revisions;
  private Optional<RecordAnchor> anchor = Optional.empty();

  /** Wall-clock time a claim answer last reached this task, or the task started: its liveness. */
  private Instant componentSideHeard;

  public GateProcessor(GateSettings settings, CheckpointSigner signer) {
    this.rules = new GateRules(settings.clockSkewTolerance());
    this.claims = new ClaimWaitRules(rules, settings.claimTimeout());
    this.dedupRetention = settings.dedupRetention();
    this.closedUnitRetention = settings.closedUnitRetention();
    this.noticeRetention = settings.noticeRetention();
    this.punctuationInterval = settings.punctuationInterval();
    this.checkpoints = settings.checkpoint();
    this.signer = signer;
  }

  @Override
  public void init(ProcessorContext<String, GateOutput> context) {
    this.context = context;
    this.units = context.getStateStore(GateTopology.UNITS_STORE);
    this.decisions = new EventDecisions(context, dedupRetention);
    this.dueIndex = context.getStateStore(GateTopology.DUE_INDEX_STORE);
    this.notices = new NoticeMemory(context, noticeRetention);
    this.routes = context.getStateStore(GateTopology.ROUTES_STORE);
    this.revisions = new RouteRevisions(context.getStateStore(GateTopology.ROUTE_REVISIONS_STORE));
    this.componentSideHeard = wallClock();
    context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    if (checkpoints.enabled()) {
      this.anchor = Optional.of(new RecordAnchor(signer, context));
      context.schedule(checkpoints.interval(), PunctuationType.WALL_CLOCK_TIME, this::checkpoint);
    }
  }

  @Override
  public void process(Record<String, GateInput> record) {
    switch (record.value()) {
      case null -> {}
      case GateInput.Event e -> event(e.value(), record.timestamp());
      case GateInput.ClaimAnswered a -> answered(a.value(), record.timestamp());
    }
  }

  private void event(ProductionEvent event, long timestamp) {
    if (event == null) {
      return; // a tombstone on the input carries no event to decide
    }
    Optional<UnitState> state = unit(event.getSerial());
    Optional<Route> route =
        event.getPayload() instanceof UnitStarted started
            ? Optional.ofNullable(routes.get(started.getProduct()))
            : Optional.empty();
    Instant now = Instant.ofEpochMilli(timestamp);
    apply(state, claims.admit(state, event, route, now, wallClock(), memory()), timestamp);
  }

  private void answered(ComponentClaimAnswer answer, long timestamp) {
    if (answer == null) {
      return;
    }
    componentSideHeard = wallClock();
    Optional<UnitState> state = unit(answer.getUnitSerial());
    apply(state, claims.answered(state, answer, wallClock(), memory()), timestamp);
  }

  /** The unit's stored state with its pinned route. */
  private Optional<UnitState> unit(String serial) {
    return Optional.ofNullable(units.get(serial)).map(revisions::resolve);
  }

  /** What the rules may look up beyond the unit: first decisions (dedup) and notices. */
  private ClaimWaitRules.Memory memory() {
    return new ClaimWaitRules.Memory(
        eventId -> decisions.first(eventId, wallClock()), notices::notice);
  }

  /**
   * Answers every event in order (a repeat with its first decision, flagged redelivered, nothing
   * appended again), stores the unit, tells the component side.
   */
  private void apply(Optional<UnitState> before, ClaimWaitRules.Admitted admitted, long timestamp) {
    for (ClaimWaitRules.Answer answer : admitted.answers()) {
      switch (answer) {
        case ClaimWaitRules.Decided decided -> emitDecided(decided, timestamp);
        case ClaimWaitRules.Repeated repeated ->
            emit(
                repeated.first().getSerial(),
                new GateOutput.Decision(redelivered(repeated.first())),
                timestamp);
      }
    }
    admitted
        .next()
        .filter(next -> !before.equals(Optional.of(next)))
        .ifPresent(next -> store(before, next, timestamp));
    admitted.facts().forEach(f -> emit(f.componentSerial(), new GateOutput.Fact(f), timestamp));
  }

  private void emitDecided(ClaimWaitRules.Decided decided, long timestamp) {
    String serial = decided.event().getSerial();
    switch (decided.verdict()) {
      case Verdict.Accepted accepted -> {
        emit(serial, new GateOutput.Decision(accepted.decision()), timestamp);
        emit(serial, new GateOutput.Record(accepted.record()), timestamp);
        anchor.ifPresent(a -> a.appended(accepted.record()));
        accepted.violations().forEach(v -> emitViolation(v, timestamp));
        accepted.edges().forEach(e -> emit(e.getParentSerial(), new GateOutput.Edge(e), timestamp));
        accepted.completed().ifPresent(c -> emit(serial, new GateOutput.Completed(c), timestamp));
      }
      case Verdict.Rejected rejected -> {
        emit(serial, new GateOutput.Decision(rejected.decision()), timestamp);
        rejected.violations().forEach(v -> emitViolation(v, timestamp));
      }
      case Verdict.Acknowledged acknowledged -> {
        emit(serial, new GateOutput.Decision(acknowledged.decision()), timestamp);
        emitViolation(acknowledged.acknowledged(), timestamp);
      }
    }
    decided.verdict().notices().forEach(notices::remember);
    decisions.remember(decided.event().getEventId(), decided.verdict().decision(), timestamp);
  }

  private Instant wallClock() {
    return Instant.ofEpochMilli(context.currentSystemTimeMs());
  }

  /** Punctuation: everything due by wall-clock {@code timestamp}. */
  void punctuate(long timestamp) {
    Instant now = Instant.ofEpochMilli(timestamp);
    for (KeyValue<Bytes, String> due : dueBy(dueIndex, now)) {
      dueIndex.delete(due.key);
      Optional<UnitState> found = unit(due.value);
      if (found.isEmpty()) {
        continue;
      }
      UnitState state = found.get();
      if (state.status().closed()) {
        if (!state.isCompacted() && compactionDue(state).filter(t -> !t.isAfter(now)).isPresent()) {
          units.put(state.serial(), state.compacted());
        }
        continue;
      }
      ClockResult result = rules.onClock(state, now);
      if (!result.next().equals(state)) {
        store(Optional.of(state), result.next(), timestamp);
      }
      result.violations().forEach(v -> emitViolation(v, timestamp));
      apply(
          Optional.of(result.next()),
          claims.timedOut(result.next(), now, componentSideHeard, memory()),
          timestamp);
    }
    decisions.forgetDue(now);
    for (Violation notice : notices.forgetDue(now)) {
      rules.expire(notice, now).ifPresent(v -> emitViolation(v, timestamp));
    }
  }

  /**
   * Checkpoint punctuation: the records this task appended since its last checkpoint, signed and
   * forwarded in the task's transaction like every output, together with the deletion of what they
   * cover (exactly once).
   */
  void checkpoint(long timestamp) {
    for (var checkpoint :
        anchor.map(a -> a.checkpoint(Instant.ofEpochMilli(timestamp))).orElse(List.of())) {
      emit(checkpoint.getCheckpointId(), new GateOutput.Checkpoint(checkpoint), timestamp);
    }
  }

  /** Entries of a time index due by {@code now}, read fully before any is deleted. */
  private static List<KeyValue<Bytes, String>> dueBy(
      KeyValueStore<Bytes, String> index, Instant now) {
    List<KeyValue<Bytes, String>> due = new ArrayList<>();
    try (KeyValueIterator<Bytes, String> it = index.range(DueIndex.first(), DueIndex.dueBy(now))) {
      it.forEachRemaining(due::add);
    }
    return due;
  }

  private void store(Optional<UnitState> before, UnitState after, long timestamp) {
    // The state is stored without its route: the revision it names must be in the task's store.
    after.route().ifPresent(revisions::pin);
    units.put(after.serial(), after);
    Set<Bytes> old = before.map(this::dueKeys).orElse(Set.of());
    Set<Bytes> now = dueKeys(after);
    old.stream().filter(k -> !now.contains(k)).forEach(dueIndex::delete);
    now.stream().filter(k -> !old.contains(k)).forEach(k -> dueIndex.put(k, after.serial()));
    if (before.map(UnitState::status).filter(s -> s == after.status()).isEmpty()) {
      // The unit may itself be a component of another: tell the component-keyed side.
      emit(
          after.serial(),
          new GateOutput.Fact(new ComponentFact.UnitStatusChanged(after.serial(), after.status())),
          timestamp);
    }
  }

  /**
   * Index keys a state needs: its pending deadlines, the end of a claim's wait and, once closed,
   * its compaction.
   */
  private Set<Bytes> dueKeys(UnitState state) {
    Set<Bytes> keys = new HashSet<>();
    state.deadlines().forEach(d -> keys.add(DueIndex.key(d.due(), state.serial())));
    state.claimWait().ifPresent(w -> keys.add(DueIndex.key(w.due(), state.serial())));
    if (!state.isCompacted()) {
      compactionDue(state).ifPresent(t -> keys.add(DueIndex.key(t, state.serial())));
    }
    return keys;
  }

  private Optional<Instant> compactionDue(UnitState state) {
    return state.closedAt().map(t -> t.plus(closedUnitRetention));
  }

  private void emitViolation(Violation v, long timestamp) {
    emit(v.getSerial(), new GateOutput.Raised(v), timestamp);
  }

  private void emit(String key, GateOutput value, long timestamp) {
    context.forward(new Record<>(key, value, timestamp));
  }

  private static GateDecision redelivered(GateDecision first) {
    return GateDecision.newBuilder(first).setRedelivered(true).build();
  }
}
