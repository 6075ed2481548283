package io.serialtrace.gate.rules;

import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.RouteStep;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Everything the gate knows about one serialized unit: the value of the unit state store, keyed by
 * serial. Immutable; every rule returns a new instance.
 *
 * @param serial the unit's serial (the store and topic key)
 * @param status life-cycle state, see {@link UnitStatus}
 * @param product product the unit builds
 * @param workOrder work order it is built under
 * @param plant plant where it was started
 * @param routeRevision revision of the pinned route (kept after compaction, for the record)
 * @param route the route revision pinned at UnitStarted; a newer released revision applies only to
 *     units started after it. Empty only in the {@link #compacted()} form
 * @param completedSteps steps done so far, in route order
 * @param openStep the step in progress with the captures gathered for it
 * @param openViolations violations raised on the accepted record and not yet dispositioned
 * @param installed components and lots currently installed (removals take them out)
 * @param recordedEventIds eventIds of every accepted event, so a Correction can name them
 * @param deadlines pending time limits the wall-clock punctuator watches; each fires once
 * @param seq seq of the last UnitRecord (the record count)
 * @param headHash recordHash of the last UnitRecord: what a signature must bind to
 * @param violationCount violations raised on the record over the unit's whole life
 * @param everHeld whether the unit was ever on HOLD (its completion is then
 *     RELEASED_AFTER_DISPOSITION)
 * @param lastStation station of the last accepted event, used for punctuator-raised violations
 * @param lastActivity gate time of the last accepted event
 * @param closedAt gate time the unit was completed or scrapped; drives compaction after retention
 */
public record UnitState(
    String serial,
    UnitStatus status,
    String product,
    String workOrder,
    String plant,
    String routeRevision,
    Optional<Route> route,
    List<CompletedStep> completedSteps,
    Optional<OpenStep> openStep,
    List<OpenViolation> openViolations,
    List<InstalledComponent> installed,
    List<UUID> recordedEventIds,
    List<Deadline> deadlines,
    long seq,
    String headHash,
    int violationCount,
    boolean everHeld,
    String lastStation,
    Instant lastActivity,
    Optional<Instant> closedAt) {

  public UnitState {
    completedSteps = List.copyOf(completedSteps);
    openViolations = List.copyOf(openViolations);
    installed = List.copyOf(installed);
    recordedEventIds = List.copyOf(recordedEventIds);
    deadlines = List.copyOf(deadlines);
  }

  /** A step that was started and completed. */
  public record CompletedStep(String stepId, Instant startedAt, Instant completedAt) {}

  /**
   * The step in progress. Scans are not duplicated here: they are the {@link #installed()} entries
   * with this stepId, so a removal automatically un-counts a scan.
   */
  public record OpenStep(
      String stepId,
      Instant startedAt,
      List<MeasurementCapture> measurements,
      List<SignatureCapture> signatures) {
    public OpenStep {
      measurements = List.copyOf(measurements);
      signatures = List.copyOf(signatures);
    }
  }

  /** The latest value of a characteristic measured in the open step. */
  public record MeasurementCapture(String characteristic, double value, boolean inTolerance) {}

  /** A valid signature applied in the open step. */
  public record SignatureCapture(String meaning, String role, String signerId) {}

  /**
   * A violation on the accepted record awaiting disposition.
   *
   * @param blocksStep whether it keeps its step from completing (a TOLERANCE_BREACH until a passing
   *     re-measure of the characteristic or a disposition)
   * @param raised the violation as emitted, re-emitted DISPOSITIONED when closed
   */
  public record OpenViolation(
      UUID violationId,
      ViolationCode code,
      Optional<String> stepId,
      Optional<String> characteristic,
      boolean blocksStep,
      Violation raised) {}

  /** A component serial or material lot installed in the unit. Exactly one of serial/lot is set. */
  public record InstalledComponent(
      String part,
      Optional<String> componentSerial,
      Optional<String> lotId,
      int qty,
      String stepId,
      UUID eventId) {}

  /** A time limit the punctuator raises when wall-clock time passes {@code due}. */
  public record Deadline(ViolationCode code, String stepId, Instant due) {}

  /** The route steps in execution order. */
  public List<RouteStep> steps() {
    List<RouteStep> steps = new ArrayList<>(route.map(Route::getSteps).orElse(List.of()));
    steps.sort(Comparator.comparingInt(RouteStep::getSequence));
    return steps;
  }

  /** The step that may start next, if any remains. */
  public Optional<RouteStep> nextStep() {
    List<RouteStep> steps = steps();
    return completedSteps.size() < steps.size()
        ? Optional.of(steps.get(completedSteps.size()))
        : Optional.empty();
  }

  public boolean allStepsDone() {
    return route.isPresent() && completedSteps.size() == steps().size() && openStep.isEmpty();
  }

  /**
   * The form kept after a closed unit's retention: enough to refuse a reissued serial
   * (DUPLICATE_SERIAL) and late events (UNIT_CLOSED) and to answer "what is this unit", without the
   * route copy, captures and lists that make a full state large.
   */
  public UnitState compacted() {
    return new UnitState(
        serial,
        status,
        product,
        workOrder,
        plant,
        routeRevision,
        Optional.empty(),
        List.of(),
        Optional.empty(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        seq,
        headHash,
        violationCount,
        everHeld,
        lastStation,
        lastActivity,
        closedAt);
  }

  public boolean isCompacted() {
    return route.isEmpty();
  }

  // Withers: the rules build next states from these so each change reads as one line.

  UnitState withStatus(UnitStatus s) {
    return new UnitState(
        serial,
        s,
        product,
        workOrder,
        plant,
        routeRevision,
        route,
        completedSteps,
        openStep,
        openViolations,
        installed,
        recordedEventIds,
        deadlines,
        seq,
        headHash,
        violationCount,
        everHeld || s == UnitStatus.HOLD,
        lastStation,
        lastActivity,
        closedAt);
  }

  UnitState withOpenStep(Optional<OpenStep> step) {
    return new UnitState(
        serial,
        status,
        product,
        workOrder,
        plant,
        routeRevision,
        route,
        completedSteps,
        step,
        openViolations,
        installed,
        recordedEventIds,
        deadlines,
        seq,
        headHash,
        violationCount,
        everHeld,
        lastStation,
        lastActivity,
        closedAt);
  }

  UnitState withCompletedSteps(List<CompletedStep> steps) {
    return new UnitState(
        serial,
        status,
        product,
        workOrder,
        plant,
        routeRevision,
        route,
        steps,
        openStep,
        openViolations,
        installed,
        recordedEventIds,
        deadlines,
        seq,
        headHash,
        violationCount,
        everHeld,
        lastStation,
        lastActivity,
        closedAt);
  }

  UnitState withOpenViolations(List<OpenViolation> violations, int addedCount) {
    return new UnitState(
        serial,
        status,
        product,
        workOrder,
        plant,
        routeRevision,
        route,
        completedSteps,
        openStep,
        violations,
        installed,
        recordedEventIds,
        deadlines,
        seq,
        headHash,
        violationCount + addedCount,
        everHeld,
        lastStation,
        lastActivity,
        closedAt);
  }

  UnitState withInstalled(List<InstalledComponent> components) {
    return new UnitState(
        serial,
        status,
        product,
        workOrder,
        plant,
        routeRevision,
        route,
        completedSteps,
        openStep,
        openViolations,
        components,
        recordedEventIds,
        deadlines,
        seq,
        headHash,
        violationCount,
        everHeld,
        lastStation,
        lastActivity,
        closedAt);
  }

  UnitState withDeadlines(UnaryOperator<List<Deadline>> change) {
    return new UnitState(
        serial,
        status,
        product,
        workOrder,
        plant,
        routeRevision,
        route,
        completedSteps,
        openStep,
        openViolations,
        installed,
        recordedEventIds,
        change.apply(new ArrayList<>(deadlines)),
        seq,
        headHash,
        violationCount,
        everHeld,
        lastStation,
        lastActivity,
        closedAt);
  }

  UnitState appended(UUID eventId, long newSeq, String newHead, String station, Instant at) {
    List<UUID> ids = new ArrayList<>(recordedEventIds);
    ids.add(eventId);
    return new UnitState(
        serial,
        status,
        product,
        workOrder,
        plant,
        routeRevision,
        route,
        completedSteps,
        openStep,
        openViolations,
        installed,
        ids,
        deadlines,
        newSeq,
        newHead,
        violationCount,
        everHeld,
        station,
        at,
        closedAt);
  }

  UnitState closed(UnitStatus s, Instant at) {
    return new UnitState(
        serial,
        s,
        product,
        workOrder,
        plant,
        routeRevision,
        route,
        completedSteps,
        openStep,
        openViolations,
        installed,
        recordedEventIds,
        List.of(),
        seq,
        headHash,
        violationCount,
        everHeld,
        lastStation,
        lastActivity,
        Optional.of(at));
  }
}
