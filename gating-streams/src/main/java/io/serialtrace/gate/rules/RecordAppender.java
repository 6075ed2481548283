package io.serialtrace.gate.rules;

import io.serialtrace.gate.rules.UnitState.OpenViolation;
import io.serialtrace.schemas.CompletionStatus;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GateOutcome;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.UnitCompleted;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.record.RecordHasher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bookkeeping common to every payload once its rule has spoken: an accepted event is appended
 * to the unit's hash-chained record (seq + 1, {@link RecordHasher}), its findings become violations
 * open on the unit, and the unit's life moves on ({@link UnitLifecycleRules#settle}); a refused
 * event is only answered (and its notices raised); an accepted Acknowledgement appends nothing.
 */
final class RecordAppender {

  private RecordAppender() {}

  /**
   * @param unit the state before the event (for a UnitStarted, the fresh state: seq 0, genesis)
   * @param entryFindings contemporaneity findings, raised before the payload's own
   */
  static Verdict.Accepted append(
      UnitState unit,
      ProductionEvent event,
      List<Finding> entryFindings,
      Outcome.Advanced advanced,
      Instant now) {
    List<Finding> findings = new ArrayList<>(entryFindings);
    findings.addAll(advanced.findings());
    long seq = unit.seq() + 1;
    String recordHash = RecordHasher.hash(event.getSerial(), seq, unit.headHash(), event);
    UnitRecord record =
        UnitRecord.newBuilder()
            .setSerial(event.getSerial())
            .setSeq(seq)
            .setPrevHash(unit.headHash())
            .setRecordHash(recordHash)
            .setRouteProduct(unit.product())
            .setRouteRevision(unit.routeRevision())
            .setEvent(event)
            .setRecordedAt(now)
            .build();
    List<Violation> raised = new ArrayList<>();
    List<OpenViolation> open = new ArrayList<>(advanced.next().openViolations());
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      Violation v = RaisedViolations.byEvent(event, f, i, now);
      raised.add(v);
      open.add(
          OpenViolation.of(
              v,
              f.measurement().map(Finding.Measurement::characteristic),
              ViolationPolicy.blocksStep(f.code())));
    }
    UnitState after = advanced.next();
    UnitState appended =
        after
            .withViolations(after.violations().withOpen(open, raised.size()))
            .withHead(
                after
                    .head()
                    .appended(event.getEventId(), seq, recordHash, event.getStation(), now));
    UnitLifecycleRules.Settled settled = UnitLifecycleRules.settle(appended, advanced.scrap(), now);
    UnitState next = settled.next();
    Optional<UnitCompleted> completed =
        settled.completion().map(status -> completed(next, event, status, seq, recordHash, now));
    List<Violation> outputs = new ArrayList<>(advanced.closedViolations());
    outputs.addAll(raised);
    outputs.addAll(settled.closedWithUnit());
    GateDecision decision = decision(event, GateOutcome.ACCEPTED, findings, now, Optional.of(seq));
    return new Verdict.Accepted(next, decision, record, outputs, advanced.edges(), completed);
  }

  /**
   * A refusal changes no state; a NOTICE code is also raised on the violations stream, as a refusal
   * notice ({@link ViolationPolicy#raisesViolation}).
   */
  static Verdict.Rejected refuse(ProductionEvent event, Instant now, List<Finding> findings) {
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      if (ViolationPolicy.raisesViolation(f.code())) {
        violations.add(RaisedViolations.byEvent(event, f, i, now));
      }
    }
    return new Verdict.Rejected(
        decision(event, GateOutcome.REJECTED, findings, now, Optional.empty()), violations);
  }

  /** An accepted Acknowledgement: answered, its notice ended, nothing appended anywhere. */
  static Verdict.Acknowledged acknowledged(
      ProductionEvent event, Violation acknowledged, Instant now) {
    return new Verdict.Acknowledged(
        decision(event, GateOutcome.ACCEPTED, List.of(), now, Optional.empty()), acknowledged);
  }

  private static UnitCompleted completed(
      UnitState closed,
      ProductionEvent event,
      CompletionStatus status,
      long seq,
      String recordHash,
      Instant now) {
    return UnitCompleted.newBuilder()
        .setSerial(closed.serial())
        .setProduct(closed.product())
        .setWorkOrder(closed.workOrder())
        .setRouteRevision(closed.routeRevision())
        .setPlant(event.getPlant())
        .setCompletedAt(now)
        .setRecordHead(recordHash)
        .setRecordCount(seq)
        .setStatus(status)
        .setViolationCount(closed.violations().raisedCount())
        .build();
  }

  private static GateDecision decision(
      ProductionEvent event,
      GateOutcome outcome,
      List<Finding> findings,
      Instant now,
      Optional<Long> seq) {
    return GateDecision.newBuilder()
        .setEventId(event.getEventId())
        .setSerial(event.getSerial())
        .setDecision(outcome)
        .setRedelivered(false)
        .setReasons(findings.stream().map(Finding::code).toList())
        .setMessages(Finding.messages(findings))
        .setDecidedAt(now)
        .setRecordSeq(seq.orElse(null))
        .setReplyTo(event.getReplyTo())
        .build();
  }
}
