package io.serialtrace.gate.rules;

import io.serialtrace.schemas.Acknowledgement;
import io.serialtrace.schemas.Disposition;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The gate's decider: routes each event to the rules of its family and the result through the
 * record bookkeeping, giving a {@link Verdict}. The state machine the families implement is written
 * down in {@code gating-streams/docs/STATE_MACHINE.md}, grouped the same way; it is also the test
 * matrix.
 *
 * <p>Rules never read a clock: {@code now} is passed in (the processor uses the input record's
 * timestamp for events and the punctuation time for the clock), and violation ids are name-based
 * UUIDs of what caused them, so replaying the same input produces the same outputs.
 */
public final class GateRules {

  private final ContemporaneityRules contemporaneity;

  /**
   * @param clockSkewTolerance how far eventTime may be ahead of receivedTime before CLOCK_SKEW
   */
  public GateRules(Duration clockSkewTolerance) {
    this.contemporaneity = new ContemporaneityRules(clockSkewTolerance);
  }

  /**
   * Decides one event.
   *
   * @param state the unit's state, empty for a serial never started
   * @param event the event, exactly as received
   * @param releasedRoute the product's current route revision (only consulted for UnitStarted)
   * @param namedNotice the refusal notice the gate remembers under the violationId the event names
   *     ({@link #namedViolation}), open or ended; empty when there is none
   * @param now gate time of the decision
   */
  public Verdict decide(
      Optional<UnitState> state,
      ProductionEvent event,
      Optional<Route> releasedRoute,
      Optional<Violation> namedNotice,
      Instant now) {
    return switch (Payload.of(event.getPayload())) {
      case Payload.StartUnit p ->
          switch (UnitLifecycleRules.start(state, event, p.started(), releasedRoute, now)) {
            case Outcome.Refused refused -> RecordAppender.refuse(event, now, refused.findings());
            // A new unit's record starts from its fresh state: seq 0, the genesis hash.
            case Outcome.Advanced fresh -> append(fresh.next(), event, fresh, now);
          };
      case Payload.Acknowledge p ->
          NoticeRules.acknowledge(state, namedNotice, event, p.acknowledgement(), now);
      case Payload.OnUnit p -> decideOnUnit(state, event, p, namedNotice, now);
    };
  }

  /**
   * The violationId an event names (an Acknowledgement's or a Disposition's): the key under which
   * the processor looks up the notice to pass to {@link #decide}.
   */
  public static Optional<UUID> namedViolation(ProductionEvent event) {
    return switch (event.getPayload()) {
      case Acknowledgement a -> Optional.of(a.getViolationId());
      case Disposition d -> Optional.of(d.getViolationId());
      default -> Optional.empty();
    };
  }

  private Verdict decideOnUnit(
      Optional<UnitState> state,
      ProductionEvent event,
      Payload.OnUnit payload,
      Optional<Violation> namedNotice,
      Instant now) {
    Optional<Finding> notOpen = UnitLifecycleRules.notOpen(state, event);
    if (notOpen.isPresent()) {
      return RecordAppender.refuse(event, now, List.of(notOpen.get()));
    }
    UnitState unit = state.orElseThrow();
    Outcome outcome =
        switch (payload) {
          case Payload.StartStep p -> StepRules.started(unit, event, p.started());
          case Payload.CompleteStep p -> StepRules.completed(unit, event, p.completed());
          case Payload.ScanComponent p -> ComponentRules.scanned(unit, event, p.scan());
          case Payload.RemoveComponent p -> ComponentRules.removed(unit, event, p.removal());
          case Payload.RecordMeasurement p -> CaptureRules.measured(unit, event, p.measurement());
          case Payload.ApplySignature p -> SignatureRules.applied(unit, p.signature());
          case Payload.Dispose p ->
              ReviewRules.disposition(unit, event, p.disposition(), namedNotice, now);
          case Payload.Correct p -> ReviewRules.correction(unit, p.correction());
          case Payload.ScrapUnit p -> UnitLifecycleRules.scrap(unit);
          case Payload.Unknown p -> UnitLifecycleRules.unknownPayload(p.raw());
        };
    return switch (outcome) {
      case Outcome.Refused refused -> RecordAppender.refuse(event, now, refused.findings());
      case Outcome.Advanced advanced -> append(unit, event, advanced, now);
    };
  }

  private Verdict append(
      UnitState before, ProductionEvent event, Outcome.Advanced advanced, Instant now) {
    return RecordAppender.append(
        before, event, contemporaneity.check(before, event), advanced, now);
  }

  /** Raises what is due by wall-clock {@code now} ({@link StepDeadlines#onClock}). */
  public ClockResult onClock(UnitState state, Instant now) {
    return StepDeadlines.onClock(state, now);
  }

  /**
   * The end of a remembered notice whose retention passed ({@link NoticeRules#expire}): EXPIRED
   * when it is still open, empty when it has already ended.
   */
  public Optional<Violation> expire(Violation notice, Instant now) {
    return NoticeRules.expire(notice, now);
  }

  /**
   * What the open step still lacks before it may complete, as the refusal of a StepCompleted sent
   * now would word it: the station's "what is missing for this unit" ({@link CaptureRules}).
   */
  public static List<String> stillMissing(UnitState unit) {
    return CaptureRules.stillMissing(unit);
  }
}
