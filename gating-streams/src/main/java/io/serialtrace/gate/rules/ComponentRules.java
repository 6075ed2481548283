package io.serialtrace.gate.rules;

import io.serialtrace.gate.rules.UnitState.InstalledComponent;
import io.serialtrace.schemas.ComponentRemoved;
import io.serialtrace.schemas.ComponentScanned;
import io.serialtrace.schemas.EdgeType;
import io.serialtrace.schemas.GenealogyEdge;
import io.serialtrace.schemas.PartTracking;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.RouteStep;
import io.serialtrace.schemas.ScanRequirement;
import io.serialtrace.schemas.ViolationCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Components of one unit: a scan installs a part the open step requires (a serial for a SERIALIZED
 * part, a lot for a LOT part, never more than the step's quantity), a removal takes it out again;
 * each emits a genealogy edge. Whether a serial is also in another unit is not this unit's to know:
 * an installation of a serial these rules accept waits for its claim on the component's own key
 * ({@link ClaimWaitRules}, {@link ComponentClaimRules}).
 */
final class ComponentRules {

  private ComponentRules() {}

  static Outcome scanned(UnitState unit, ProductionEvent event, ComponentScanned p) {
    Optional<String> serial = Optional.ofNullable(p.getComponentSerial());
    Optional<String> lot = Optional.ofNullable(p.getLotId());
    if (serial.isPresent() == lot.isPresent() || p.getQty() <= 0) {
      return Outcome.refused(
          ViolationCode.MALFORMED_EVENT,
          "A scan carries exactly one of componentSerial or lotId and a positive qty",
          p.getStepId());
    }
    return StepRules.inOpenStep(
        unit, p.getStepId(), (step, open) -> installed(unit, event, p, serial, lot, step));
  }

  private static Outcome installed(
      UnitState unit,
      ProductionEvent event,
      ComponentScanned p,
      Optional<String> serial,
      Optional<String> lot,
      RouteStep step) {
    Optional<ScanRequirement> requirement =
        step.getRequiredScans().stream().filter(r -> r.getPart().equals(p.getPart())).findFirst();
    if (requirement.isEmpty()) {
      return Outcome.refused(
          ViolationCode.WRONG_COMPONENT,
          "Part " + p.getPart() + " is not required by step " + step.getStepId(),
          step.getStepId());
    }
    ScanRequirement req = requirement.get();
    boolean serialized = req.getTracking() == PartTracking.SERIALIZED;
    if (serialized != serial.isPresent()) {
      return Outcome.refused(
          ViolationCode.WRONG_COMPONENT,
          "Part "
              + p.getPart()
              + " is "
              + req.getTracking()
              + " and must be scanned with "
              + (serialized ? "a component serial" : "a lot id"),
          step.getStepId());
    }
    if (serial.isPresent()
        && unit.installed().stream().anyMatch(c -> c.componentSerial().equals(serial))) {
      return Outcome.refused(
          ViolationCode.WRONG_COMPONENT,
          "Component " + serial.get() + " is already installed in this unit",
          step.getStepId());
    }
    int already = installedQty(unit, step.getStepId(), p.getPart());
    if (already + p.getQty() > req.getQty()) {
      return Outcome.refused(
          ViolationCode.WRONG_COMPONENT,
          "Step "
              + step.getStepId()
              + " needs "
              + req.getQty()
              + " of part "
              + p.getPart()
              + "; "
              + already
              + " installed, "
              + p.getQty()
              + " more is too many",
          step.getStepId());
    }
    List<InstalledComponent> installed = new ArrayList<>(unit.installed());
    installed.add(
        new InstalledComponent(
            p.getPart(), serial, lot, p.getQty(), step.getStepId(), event.getEventId()));
    GenealogyEdge edge =
        edge(EdgeType.INSTALLED, event, serial, lot, p.getPart(), p.getQty(), step.getStepId());
    return Outcome.advanced(unit.withProgress(unit.progress().withInstalled(installed)), edge);
  }

  static Outcome removed(UnitState unit, ProductionEvent event, ComponentRemoved p) {
    Optional<String> serial = Optional.ofNullable(p.getComponentSerial());
    Optional<String> lot = Optional.ofNullable(p.getLotId());
    if (serial.isPresent() == lot.isPresent() || p.getQty() <= 0) {
      return Outcome.refused(
          Finding.of(
              ViolationCode.MALFORMED_EVENT,
              "A removal carries exactly one of componentSerial or lotId and a positive qty"));
    }
    Optional<InstalledComponent> found =
        unit.installed().stream()
            .filter(
                c ->
                    serial.isPresent() ? c.componentSerial().equals(serial) : c.lotId().equals(lot))
            .findFirst();
    if (found.isEmpty()) {
      return Outcome.refused(
          Finding.of(
              ViolationCode.WRONG_COMPONENT,
              serial.map(s -> "Component " + s).orElseGet(() -> "Lot " + lot.orElseThrow())
                  + " is not installed in this unit"));
    }
    InstalledComponent installed = found.get();
    int qty = serial.isPresent() ? installed.qty() : p.getQty();
    if (qty > installed.qty()) {
      return Outcome.refused(
          ViolationCode.WRONG_COMPONENT,
          "Only " + installed.qty() + " of lot " + lot.orElseThrow() + " are installed",
          installed.stepId());
    }
    List<InstalledComponent> remaining = new ArrayList<>(unit.installed());
    remaining.remove(installed);
    if (qty < installed.qty()) {
      remaining.add(installed.withQty(installed.qty() - qty));
    }
    // The REMOVED edge names the step the part had been installed in, as the schema promises.
    GenealogyEdge edge =
        edge(EdgeType.REMOVED, event, serial, lot, installed.part(), qty, installed.stepId());
    return Outcome.advanced(unit.withProgress(unit.progress().withInstalled(remaining)), edge);
  }

  /** How many of {@code part} are installed for {@code stepId}: a removal un-counts a scan. */
  static int installedQty(UnitState unit, String stepId, String part) {
    return unit.installed().stream()
        .filter(c -> c.stepId().equals(stepId) && c.part().equals(part))
        .mapToInt(InstalledComponent::qty)
        .sum();
  }

  private static GenealogyEdge edge(
      EdgeType type,
      ProductionEvent event,
      Optional<String> serial,
      Optional<String> lot,
      String part,
      int qty,
      String stepId) {
    return GenealogyEdge.newBuilder()
        .setEdgeType(type)
        .setParentSerial(event.getSerial())
        .setChildSerial(serial.orElse(null))
        .setLotId(lot.orElse(null))
        .setPart(part)
        .setQty(qty)
        .setStepId(stepId)
        .setPlant(event.getPlant())
        .setEventId(event.getEventId())
        .setEventTime(event.getEventTime())
        .build();
  }
}
