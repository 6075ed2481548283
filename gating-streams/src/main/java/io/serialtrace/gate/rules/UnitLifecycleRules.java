package io.serialtrace.gate.rules;

import io.serialtrace.gate.rules.UnitState.Identity;
import io.serialtrace.gate.rules.UnitState.Lifecycle;
import io.serialtrace.gate.rules.UnitState.OpenViolation;
import io.serialtrace.gate.rules.UnitState.Progress;
import io.serialtrace.gate.rules.UnitState.RecordHead;
import io.serialtrace.gate.rules.UnitState.Violations;
import io.serialtrace.schemas.CompletionStatus;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.RouteStatus;
import io.serialtrace.schemas.UnitStarted;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.violation.ViolationLifecycle;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A unit's life: UnitStarted pins the released route (a serial starts once), every other event
 * needs a started unit whose record is still open, UnitScrapped closes it, and after each accepted
 * event the unit completes, goes on HOLD or stays in work.
 */
final class UnitLifecycleRules {

  private UnitLifecycleRules() {}

  /**
   * Where an accepted event leaves the unit, the completion it emits if it closed it, and the
   * violations a scrap closed with the unit.
   */
  record Settled(
      UnitState next, Optional<CompletionStatus> completion, List<Violation> closedWithUnit) {
    Settled {
      closedWithUnit = List.copyOf(closedWithUnit);
    }
  }

  static Outcome start(
      Optional<UnitState> state,
      ProductionEvent event,
      UnitStarted started,
      Optional<Route> releasedRoute,
      Instant now) {
    if (state.isPresent()) {
      return Outcome.refused(
          Finding.of(
              ViolationCode.DUPLICATE_SERIAL,
              "Serial "
                  + event.getSerial()
                  + " already exists ("
                  + state.get().status()
                  + ", work order "
                  + state.get().workOrder()
                  + "): a reissued serial"));
    }
    Optional<Route> route =
        releasedRoute.filter(
            r ->
                r.getStatus() == RouteStatus.RELEASED
                    && r.getProduct().equals(started.getProduct()));
    if (route.isEmpty()) {
      return Outcome.refused(
          Finding.of(
              ViolationCode.UNKNOWN_ROUTE,
              "No released route for product " + started.getProduct()));
    }
    Route pinned = route.get();
    Identity identity =
        new Identity(
            event.getSerial(),
            started.getProduct(),
            started.getWorkOrder(),
            event.getPlant(),
            pinned.getRevision(),
            Optional.of(pinned));
    return Outcome.advanced(
        new UnitState(
            identity,
            Lifecycle.STARTED,
            Progress.NONE,
            Violations.NONE,
            RecordHead.genesis(event.getStation(), now)));
  }

  /** Why an event other than UnitStarted cannot be decided on this unit at all, if it cannot. */
  static Optional<Finding> notOpen(Optional<UnitState> state, ProductionEvent event) {
    if (state.isEmpty()) {
      return Optional.of(
          Finding.of(
              ViolationCode.UNKNOWN_UNIT, "Unit " + event.getSerial() + " was never started"));
    }
    UnitState unit = state.get();
    if (unit.status().closed() || unit.isCompacted()) {
      return Optional.of(
          Finding.of(
              ViolationCode.UNIT_CLOSED,
              "Unit " + unit.serial() + " is " + unit.status() + "; its record is closed"));
    }
    return Optional.empty();
  }

  static Outcome scrap(UnitState unit) {
    return new Outcome.Advanced(unit, List.of(), List.of(), List.of(), true);
  }

  /** A payload of a schema this gate does not know yet: answered, never guessed at. */
  static Outcome unknownPayload(Object raw) {
    return Outcome.refused(
        Finding.of(
            ViolationCode.MALFORMED_EVENT,
            "Unknown payload type " + raw.getClass().getSimpleName()));
  }

  /**
   * After an accepted event: a scrap closes the unit and, with it, every violation still open on it
   * (CLOSED_WITH_UNIT: the product they concern no longer exists); with every step done the unit
   * completes when no open violation holds it ({@link ViolationLifecycle#held};
   * RELEASED_AFTER_DISPOSITION if it was ever held), else it waits on HOLD.
   */
  static Settled settle(UnitState next, boolean scrap, Instant now) {
    if (scrap) {
      List<Violation> closed =
          next.openViolations().stream()
              .map(v -> RaisedViolations.closedWithUnit(v.raised(), now))
              .toList();
      UnitState scrapped =
          next.withViolations(next.violations().withOpen(List.of(), 0))
              .closed(UnitStatus.SCRAPPED, now);
      return new Settled(scrapped, Optional.of(CompletionStatus.SCRAPPED), closed);
    }
    if (!next.allStepsDone()) {
      return new Settled(next, Optional.empty(), List.of());
    }
    if (!ViolationLifecycle.held(
        next.openViolations().stream().map(OpenViolation::code).toList())) {
      CompletionStatus status =
          next.lifecycle().everHeld()
              ? CompletionStatus.RELEASED_AFTER_DISPOSITION
              : CompletionStatus.COMPLETED;
      return new Settled(next.closed(UnitStatus.COMPLETED, now), Optional.of(status), List.of());
    }
    return new Settled(
        next.withLifecycle(next.lifecycle().withStatus(UnitStatus.HOLD)),
        Optional.empty(),
        List.of());
  }
}
