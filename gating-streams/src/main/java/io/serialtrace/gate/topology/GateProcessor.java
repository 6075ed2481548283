package io.serialtrace.gate.topology;

import io.serialtrace.gate.rules.ClockResult;
import io.serialtrace.gate.rules.ComponentFact;
import io.serialtrace.gate.rules.GateRules;
import io.serialtrace.gate.rules.UnitState;
import io.serialtrace.gate.rules.Verdict;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GenealogyEdge;
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
 * The gate: loads the unit's state, asks {@link GateRules}, stores and emits what the verdict says.
 * Also the wall-clock punctuator raising time limits over the due-time index, purging expired dedup
 * entries, ending notices past their retention (EXPIRED) and compacting closed units. Refusal
 * notices are remembered by violationId (not in the unit state: a serial that never became a unit
 * has notices too), so an Acknowledgement can end one whatever its unit's status.
 *
 * <p>Gate time for an event is the input record's timestamp, not the wall clock, so a replay of the
 * same input decides identically; the punctuator uses wall-clock time because that is what a
 * deadline is about.
 */
public final class GateProcessor implements Processor<String, ProductionEvent, String, GateOutput> {

  private final GateRules rules;
  private final Duration dedupRetention;
  private final Duration closedUnitRetention;
  private final Duration noticeRetention;
  private final Duration punctuationInterval;

  private ProcessorContext<String, GateOutput> context;
  private KeyValueStore<String, UnitState> units;
  private KeyValueStore<String, GateDecision> decisions;
  private KeyValueStore<Bytes, String> dueIndex;
  private KeyValueStore<Bytes, String> decisionExpiry;
  private KeyValueStore<String, Violation> notices;
  private KeyValueStore<Bytes, String> noticeExpiry;
  private KeyValueStore<String, Route> routes;

  public GateProcessor(GateSettings settings) {
    this.rules = new GateRules(settings.clockSkewTolerance());
    this.dedupRetention = settings.dedupRetention();
    this.closedUnitRetention = settings.closedUnitRetention();
    this.noticeRetention = settings.noticeRetention();
    this.punctuationInterval = settings.punctuationInterval();
  }

  @Override
  public void init(ProcessorContext<String, GateOutput> context) {
    this.context = context;
    this.units = context.getStateStore(GateTopology.UNITS_STORE);
    this.decisions = context.getStateStore(GateTopology.DECISIONS_STORE);
    this.dueIndex = context.getStateStore(GateTopology.DUE_INDEX_STORE);
    this.decisionExpiry = context.getStateStore(GateTopology.DECISION_EXPIRY_STORE);
    this.notices = context.getStateStore(GateTopology.NOTICES_STORE);
    this.noticeExpiry = context.getStateStore(GateTopology.NOTICE_EXPIRY_STORE);
    this.routes = context.getStateStore(GateTopology.ROUTES_STORE);
    context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  @Override
  public void process(Record<String, ProductionEvent> record) {
    ProductionEvent event = record.value();
    if (event == null) {
      return; // a tombstone on the input carries no event to decide
    }
    Instant now = Instant.ofEpochMilli(record.timestamp());
    String serial = event.getSerial();
    String eventKey = event.getEventId().toString();

    GateDecision first = decisions.get(eventKey);
    if (first != null) {
      // Same eventId again: answer as the first time, append nothing.
      emit(serial, new GateOutput.Decision(redelivered(first)), record.timestamp());
      return;
    }

    Optional<UnitState> state = Optional.ofNullable(units.get(serial));
    Optional<Route> route =
        event.getPayload() instanceof UnitStarted started
            ? Optional.ofNullable(routes.get(started.getProduct()))
            : Optional.empty();
    Optional<Violation> namedNotice =
        GateRules.namedViolation(event).map(id -> notices.get(id.toString()));
    Verdict verdict = rules.decide(state, event, route, namedNotice, now);

    switch (verdict) {
      case Verdict.Accepted accepted -> {
        store(state, accepted.next(), record.timestamp());
        emit(serial, new GateOutput.Decision(accepted.decision()), record.timestamp());
        emit(serial, new GateOutput.Record(accepted.record()), record.timestamp());
        accepted.violations().forEach(v -> emitViolation(v, record.timestamp()));
        accepted.edges().forEach(e -> emitEdge(e, event, record.timestamp()));
        accepted
            .completed()
            .ifPresent(c -> emit(serial, new GateOutput.Completed(c), record.timestamp()));
      }
      case Verdict.Rejected rejected -> {
        emit(serial, new GateOutput.Decision(rejected.decision()), record.timestamp());
        rejected.violations().forEach(v -> emitViolation(v, record.timestamp()));
      }
      case Verdict.Acknowledged acknowledged -> {
        emit(serial, new GateOutput.Decision(acknowledged.decision()), record.timestamp());
        emitViolation(acknowledged.acknowledged(), record.timestamp());
      }
    }
    verdict.notices().forEach(this::remember);
    decisions.put(eventKey, verdict.decision());
    decisionExpiry.put(DueIndex.key(now.plus(dedupRetention), eventKey), eventKey);
  }

  /** Punctuation: everything due by wall-clock {@code timestamp}. */
  void punctuate(long timestamp) {
    Instant now = Instant.ofEpochMilli(timestamp);
    for (KeyValue<Bytes, String> due : dueBy(dueIndex, now)) {
      dueIndex.delete(due.key);
      UnitState state = units.get(due.value);
      if (state == null) {
        continue;
      }
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
    }
    for (KeyValue<Bytes, String> expired : dueBy(decisionExpiry, now)) {
      decisionExpiry.delete(expired.key);
      decisions.delete(expired.value);
    }
    for (KeyValue<Bytes, String> expired : dueBy(noticeExpiry, now)) {
      noticeExpiry.delete(expired.key);
      Violation notice = notices.delete(expired.value);
      if (notice != null) {
        rules.expire(notice, now).ifPresent(v -> emitViolation(v, timestamp));
      }
    }
  }

  /**
   * Keeps a notice in its latest state until its retention, counted from when it was raised, has
   * passed; the index key depends only on that, so storing an ended notice again changes nothing in
   * the index.
   */
  private void remember(Violation notice) {
    String key = notice.getViolationId().toString();
    notices.put(key, notice);
    noticeExpiry.put(DueIndex.key(notice.getDetectedAt().plus(noticeRetention), key), key);
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

  /** Index keys a state needs: its pending deadlines and, once closed, its compaction. */
  private Set<Bytes> dueKeys(UnitState state) {
    Set<Bytes> keys = new HashSet<>();
    state.deadlines().forEach(d -> keys.add(DueIndex.key(d.due(), state.serial())));
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

  private void emitEdge(GenealogyEdge edge, ProductionEvent event, long timestamp) {
    emit(edge.getParentSerial(), new GateOutput.Edge(edge), timestamp);
    if (edge.getChildSerial() == null) {
      return; // lots are shared by design; only serials can be reused
    }
    ComponentFact fact =
        switch (edge.getEdgeType()) {
          case INSTALLED ->
              new ComponentFact.Installed(
                  edge.getChildSerial(),
                  edge.getParentSerial(),
                  edge.getPlant(),
                  event.getStation(),
                  edge.getStepId(),
                  edge.getEventId(),
                  edge.getEventTime());
          case REMOVED ->
              new ComponentFact.Removed(
                  edge.getChildSerial(), edge.getParentSerial(), edge.getEventId());
        };
    emit(edge.getChildSerial(), new GateOutput.Fact(fact), timestamp);
  }

  private void emit(String key, GateOutput value, long timestamp) {
    context.forward(new Record<>(key, value, timestamp));
  }

  private static GateDecision redelivered(GateDecision first) {
    return GateDecision.newBuilder(first).setRedelivered(true).build();
  }
}
