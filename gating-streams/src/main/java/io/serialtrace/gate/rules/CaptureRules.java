package io.serialtrace.gate.rules;

import io.serialtrace.gate.rules.Finding.Measurement;
import io.serialtrace.gate.rules.UnitState.MeasurementCapture;
import io.serialtrace.gate.rules.UnitState.OpenStep;
import io.serialtrace.gate.rules.UnitState.OpenViolation;
import io.serialtrace.schemas.MeasurementRecorded;
import io.serialtrace.schemas.MeasurementRequirement;
import io.serialtrace.schemas.MeasurementSource;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.RouteStep;
import io.serialtrace.schemas.ScanRequirement;
import io.serialtrace.schemas.SignatureRequirement;
import io.serialtrace.schemas.ViolationCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the open step captures and still lacks. A measurement must be of a characteristic the step
 * requires, in its unit, from a calibrated device where the route says DEVICE; a value out of
 * tolerance is accepted but raises TOLERANCE_BREACH, which blocks the step until a passing
 * re-measure or a disposition. {@link #missingFor} is the completeness check a StepCompleted passes
 * (scans, measurements, signatures).
 */
final class CaptureRules {

  private CaptureRules() {}

  static Outcome measured(UnitState unit, ProductionEvent event, MeasurementRecorded p) {
    return StepRules.inOpenStep(
        unit, p.getStepId(), (step, open) -> measured(unit, event, p, step, open));
  }

  private static Outcome measured(
      UnitState unit, ProductionEvent event, MeasurementRecorded p, RouteStep step, OpenStep open) {
    Optional<MeasurementRequirement> requirement =
        step.getRequiredMeasurements().stream()
            .filter(r -> r.getCharacteristic().equals(p.getCharacteristic()))
            .findFirst();
    if (requirement.isEmpty()) {
      return Outcome.refused(
          ViolationCode.MALFORMED_EVENT,
          "Characteristic "
              + p.getCharacteristic()
              + " is not measured in step "
              + step.getStepId(),
          step.getStepId());
    }
    MeasurementRequirement req = requirement.get();
    if (!req.getUnit().equals(p.getUnit())) {
      return Outcome.refused(
          ViolationCode.MALFORMED_EVENT,
          p.getCharacteristic() + " must be given in " + req.getUnit() + ", not " + p.getUnit(),
          step.getStepId());
    }
    Measurement measured = Measurement.of(p, req);
    List<Finding> refusals = sourceRefusals(event, p, req, step.getStepId(), measured);
    if (!refusals.isEmpty()) {
      return new Outcome.Refused(refusals);
    }
    boolean inTolerance =
        (req.getLsl() == null || p.getValue() >= req.getLsl())
            && (req.getUsl() == null || p.getValue() <= req.getUsl());
    List<MeasurementCapture> captures = new ArrayList<>(open.measurements());
    captures.removeIf(c -> c.characteristic().equals(p.getCharacteristic()));
    captures.add(new MeasurementCapture(p.getCharacteristic(), p.getValue(), inTolerance));
    UnitState next =
        unit.withProgress(
            unit.progress().withOpenStep(Optional.of(open.withMeasurements(captures))));
    if (inTolerance) {
      // A passing re-measure lifts the block on the step; the breach itself stays open for review.
      List<OpenViolation> unblocked =
          next.openViolations().stream()
              .map(
                  v ->
                      v.code() == ViolationCode.TOLERANCE_BREACH
                              && v.stepId().equals(Optional.of(step.getStepId()))
                              && v.characteristic().equals(Optional.of(p.getCharacteristic()))
                          ? v.unblocked()
                          : v)
              .toList();
      return Outcome.advanced(next.withViolations(next.violations().withOpen(unblocked, 0)));
    }
    Finding breach =
        Finding.measured(
            ViolationCode.TOLERANCE_BREACH,
            p.getCharacteristic()
                + " = "
                + p.getValue()
                + " "
                + p.getUnit()
                + " is outside ["
                + Objects.toString(req.getLsl(), "-inf")
                + ", "
                + Objects.toString(req.getUsl(), "+inf")
                + "]",
            step.getStepId(),
            measured);
    return Outcome.advanced(next, List.of(breach));
  }

  /** A DEVICE characteristic typed by hand, or measured by a device past its calibration. */
  private static List<Finding> sourceRefusals(
      ProductionEvent event,
      MeasurementRecorded p,
      MeasurementRequirement req,
      String stepId,
      Measurement measured) {
    List<Finding> refusals = new ArrayList<>();
    if (req.getSource() == MeasurementSource.DEVICE && p.getDeviceId() == null) {
      refusals.add(
          Finding.measured(
              ViolationCode.MANUAL_ENTRY_NOT_ALLOWED,
              p.getCharacteristic() + " must come from a device; a typed value is not accepted",
              stepId,
              measured));
    }
    if (p.getDeviceId() != null
        && p.getCalibrationDue() != null
        && p.getCalibrationDue().isBefore(event.getEventTime())) {
      refusals.add(
          Finding.measured(
              ViolationCode.CALIBRATION_EXPIRED,
              "Device "
                  + p.getDeviceId()
                  + " was past its calibration due time "
                  + p.getCalibrationDue()
                  + " when it measured",
              stepId,
              measured));
    }
    return refusals;
  }

  /** What the open step still lacks before it may complete, in the order completion checks it. */
  static List<Finding> missingFor(UnitState unit, RouteStep step, OpenStep open) {
    List<Finding> missing = new ArrayList<>();
    for (ScanRequirement scan : step.getRequiredScans()) {
      int have = ComponentRules.installedQty(unit, step.getStepId(), scan.getPart());
      if (have < scan.getQty()) {
        missing.add(
            Finding.at(
                ViolationCode.MISSING_CAPTURE,
                "Scan of part " + scan.getPart() + ": " + have + " of " + scan.getQty(),
                step.getStepId()));
      }
    }
    for (MeasurementRequirement m : step.getRequiredMeasurements()) {
      boolean measured =
          open.measurements().stream()
              .anyMatch(c -> c.characteristic().equals(m.getCharacteristic()));
      boolean blocked =
          unit.openViolations().stream()
              .anyMatch(
                  v ->
                      v.blocksStep()
                          && v.stepId().equals(Optional.of(step.getStepId()))
                          && v.characteristic().equals(Optional.of(m.getCharacteristic())));
      if (!measured) {
        missing.add(
            Finding.at(
                ViolationCode.MISSING_CAPTURE,
                "Measurement of " + m.getCharacteristic(),
                step.getStepId()));
      } else if (blocked) {
        missing.add(
            Finding.at(
                ViolationCode.TOLERANCE_BREACH,
                m.getCharacteristic()
                    + " is out of tolerance: re-measure in tolerance or disposition the breach",
                step.getStepId()));
      }
    }
    for (SignatureRequirement s : step.getRequiredSignatures()) {
      boolean signed =
          open.signatures().stream()
              .anyMatch(c -> c.meaning().equals(s.getMeaning()) && c.role().equals(s.getRole()));
      if (!signed) {
        missing.add(
            Finding.at(
                ViolationCode.MISSING_CAPTURE,
                "Signature " + s.getMeaning() + " by " + s.getRole(),
                step.getStepId()));
      }
    }
    return missing;
  }

  /**
   * What the open step still lacks before it may complete (scans, measurements, signatures, or a
   * blocking tolerance breach), worded as {@link #missingFor}'s refusal; empty when no step is open
   * or it may complete.
   */
  static List<String> stillMissing(UnitState unit) {
    return Finding.messages(
        unit.openStep()
            .map(open -> missingFor(unit, unit.routeStep(open.stepId()), open))
            .orElse(List.of()));
  }
}
