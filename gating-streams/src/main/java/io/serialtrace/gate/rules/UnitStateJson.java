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
 * The persisted form of a {@link UnitState}: flat, field for field and in the order the state was
 * stored before it was grouped into small records. Stores and changelogs written by earlier
 * versions therefore read back unchanged, and what is written now is byte-identical to what they
 * wrote ({@code UnitStateWireFormatTest}). {@code compacted} is written for whoever reads a
 * changelog by eye and ignored on read: it follows from the route being absent. {@code claimWait},
 * added later, is written only while an installation waits for its claim, so every other state
 * keeps the bytes it always had.
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

  static UnitStateJson of(UnitState s) {
    Identity id = s.identity();
    Progress p = s.progress();
    RecordHead h = s.head();
    return new UnitStateJson(
        id.serial(),
        s.status(),
        id.product(),
        id.workOrder(),
        id.plant(),
        id.routeRevision(),
        id.route(),
        p.completedSteps(),
        p.openStep(),
        s.violations().open(),
        p.installed(),
        h.recordedEventIds(),
        p.deadlines(),
        h.seq(),
        h.hash(),
        s.violations().raisedCount(),
        s.lifecycle().everHeld(),
        h.lastStation(),
        h.lastActivity(),
        s.closedAt(),
        s.isCompacted(),
        s.claimWait());
  }

  UnitState toState() {
    return new UnitState(
        new Identity(serial, product, workOrder, plant, routeRevision, route),
        new Lifecycle(status, everHeld, closedAt),
        new Progress(completedSteps, openStep, installed, deadlines),
        new Violations(openViolations, violationCount),
        new RecordHead(seq, headHash, recordedEventIds, lastStation, lastActivity),
        claimWait);
  }
}
