package io.serialtrace.gate.rules;

import io.serialtrace.schemas.MeasurementRecorded;
import io.serialtrace.schemas.MeasurementRequirement;
import io.serialtrace.schemas.ViolationCode;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What one rule found: a reason code and its message, the step it is about, the measured value
 * behind it, and, for deadlines, an id fixed by the cause.
 *
 * @param fixedId an id independent of the event (deadline violations), else derived from the event
 *     id, the code and the finding's position
 */
record Finding(
    ViolationCode code,
    String message,
    Optional<String> stepId,
    Optional<Measurement> measurement,
    Optional<UUID> fixedId) {

  static Finding of(ViolationCode code, String message) {
    return new Finding(code, message, Optional.empty(), Optional.empty(), Optional.empty());
  }

  static Finding at(ViolationCode code, String message, String stepId) {
    return new Finding(code, message, Optional.of(stepId), Optional.empty(), Optional.empty());
  }

  /** A finding about a measured value: the violation carries the value and its limits. */
  static Finding measured(ViolationCode code, String message, String stepId, Measurement m) {
    return new Finding(code, message, Optional.of(stepId), Optional.of(m), Optional.empty());
  }

  static List<String> messages(List<Finding> findings) {
    return findings.stream().map(Finding::message).toList();
  }

  /** A measured value with the limits of its requirement. */
  record Measurement(
      String characteristic,
      double value,
      Optional<Double> lsl,
      Optional<Double> usl,
      String unit) {

    static Measurement of(MeasurementRecorded p, MeasurementRequirement req) {
      return new Measurement(
          p.getCharacteristic(),
          p.getValue(),
          Optional.ofNullable(req.getLsl()),
          Optional.ofNullable(req.getUsl()),
          p.getUnit());
    }
  }
}
