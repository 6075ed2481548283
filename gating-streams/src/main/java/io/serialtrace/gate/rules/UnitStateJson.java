package io.serialtrace.gate.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serialtrace.gate.rules.UnitState.CompletedStep;
import io.serialtrace.gate.rules.UnitState.Deadline;
import io.serialtrace.gate.rules.UnitState.Identity;
import io.serialtrace.gate.rules.UnitState.InstalledComponent;
import io.serialtrace.gate.rules.UnitState.Lifecycle;
import io.serialtrace.gate.rules.UnitState.OpenStep;
import io.serialtrace.gate.rules.UnitState.OpenViolation;
import io.serialtrace.gate.rules.UnitState.Progress;
import io.serialtrace.gate.rules.UnitState.RecordHead;
import io.serialtrace.gate.rules.UnitState.Violations;
import io.serialtrace.schemas.Route;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The JSON form gates before the binary one ({@link UnitStateBinary}) wrote to the unit store and
 * its changelog: flat, field for field, with the pinned route copied in. Read only, so a gate of
 * this version keeps every unit of a store or changelog written by an earlier one ({@code
 * UnitStateWireFormatTest}, {@code StateUpgradeTest}); each state is rewritten in the binary form
 * the next time its unit changes. {@code compacted} was written for whoever read a changelog by eye
 * and is ignored: it follows from the route being absent. {@code claimWait} was written only while
 * an installation waited for its claim.
 */
record UnitStateJson(
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
    Optional<Instant> closedAt,
    boolean compacted,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<ClaimWait> claimWait) {

  /** States written before claims have no {@code claimWait}: not waiting. */
  UnitStateJson {
    claimWait = claimWait == null ? Optional.empty() : claimWait;
  }

  UnitState toState() {
    return new UnitState(
        new Identity(serial, product, workOrder, plant, routeRevision, route),
        new Lifecycle(status, everHeld, closedAt, route.isEmpty()),
        new Progress(completedSteps, openStep, installed, deadlines),
        new Violations(openViolations, violationCount),
        new RecordHead(seq, headHash, recordedEventIds, lastStation, lastActivity),
        claimWait);
  }
}
