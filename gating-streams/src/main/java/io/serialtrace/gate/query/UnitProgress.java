package io.serialtrace.gate.query;

import io.serialtrace.gate.rules.GateRules;
import io.serialtrace.gate.rules.UnitState;
import io.serialtrace.gate.rules.UnitStatus;
import io.serialtrace.schemas.RouteStep;
import java.util.List;
import java.util.Optional;

/**
 * A unit's progress as a station asks for it ("what's next for this unit?"): the body of {@code GET
 * /units/{serial}/state}, derived from the gate's stored {@link UnitState}.
 *
 * @param serial the unit
 * @param status IN_WORK, HOLD (waiting for dispositions), COMPLETED or SCRAPPED
 * @param product product the unit builds
 * @param workOrder work order it is built under
 * @param plant plant where it was started: only callers of that plant are answered
 * @param routeRevision the route revision pinned when it started
 * @param currentStep the step in progress, if one is open
 * @param nextStep the step that may start next when none is open and the route is not done
 * @param stillMissing what the current step lacks before it may complete (empty: it may complete)
 * @param openViolations violations open on the unit, each to be dispositioned before release
 * @param seq seq of the last record (the record count)
 * @param recordHead recordHash of the last record: what a signature or disposition must sign
 * @param compacted whether the unit was closed long enough ago that only its summary is kept
 */
public record UnitProgress(
    String serial,
    UnitStatus status,
    String product,
    String workOrder,
    String plant,
    String routeRevision,
    Optional<String> currentStep,
    Optional<String> nextStep,
    List<String> stillMissing,
    List<OpenViolationView> openViolations,
    long seq,
    String recordHead,
    boolean compacted) {

  /** An open violation as a station shows it. */
  public record OpenViolationView(String violationId, String code, Optional<String> stepId) {}

  public static UnitProgress of(UnitState unit) {
    Optional<String> current = unit.openStep().map(UnitState.OpenStep::stepId);
    Optional<String> next =
        current.isPresent() || unit.status().closed()
            ? Optional.empty()
            : unit.nextStep().map(RouteStep::getStepId);
    return new UnitProgress(
        unit.serial(),
        unit.status(),
        unit.product(),
        unit.workOrder(),
        unit.identity().plant(),
        unit.routeRevision(),
        current,
        next,
        GateRules.stillMissing(unit),
        unit.openViolations().stream()
            .map(
                v -> new OpenViolationView(v.violationId().toString(), v.code().name(), v.stepId()))
            .toList(),
        unit.seq(),
        unit.headHash(),
        unit.isCompacted());
  }
}
