package io.serialtrace.gate.rules;

import io.serialtrace.schemas.Severity;
import io.serialtrace.schemas.ViolationCode;

/**
 * How the gate treats each violation code: whether a refusal raises it on the violations stream,
 * how serious it is, whether it blocks its step. Switches without default, so a new code must be
 * classified before the gate compiles.
 *
 * <p>What holds a unit is not per code: every violation open on the record holds the unit at its
 * last step (HOLD) until a signed Disposition closes it.
 */
public final class ViolationPolicy {

  private ViolationPolicy() {}

  /** Whether a code, when it refuses an event, is also raised on the violations stream. */
  static boolean raisesViolation(ViolationCode code) {
    return switch (code) {
      // Refusals that say nothing about the product or the process: answered, not raised.
      case UNIT_CLOSED, MALFORMED_EVENT, UNKNOWN_VIOLATION, UNKNOWN_EVENT -> false;
      // The gate could not decide the claim in time: about the gate, not the product; retried.
      case CLAIM_UNAVAILABLE -> false;
      // A refused completion over an existing, already raised breach must not raise it again.
      case TOLERANCE_BREACH -> false;
      case UNKNOWN_UNIT,
          DUPLICATE_SERIAL,
          UNKNOWN_ROUTE,
          STEP_OUT_OF_ORDER,
          MISSING_CAPTURE,
          WRONG_COMPONENT,
          MANUAL_ENTRY_NOT_ALLOWED,
          CALIBRATION_EXPIRED,
          SIGNATURE_INVALID,
          LATE_ENTRY,
          CLOCK_SKEW,
          STEP_OVERDUE,
          QUEUE_TIME_EXCEEDED,
          MIN_WAIT_NOT_MET,
          COMPONENT_REUSED,
          COMPONENT_NOT_RELEASED ->
          true;
    };
  }

  /** Seriousness of a code. */
  public static Severity severity(ViolationCode code) {
    return switch (code) {
      case LATE_ENTRY, CLOCK_SKEW, UNKNOWN_EVENT, UNKNOWN_VIOLATION, MALFORMED_EVENT, UNIT_CLOSED ->
          Severity.MINOR;
      case CLAIM_UNAVAILABLE -> Severity.MINOR;
      case UNKNOWN_UNIT,
          UNKNOWN_ROUTE,
          STEP_OUT_OF_ORDER,
          MISSING_CAPTURE,
          WRONG_COMPONENT,
          TOLERANCE_BREACH,
          MANUAL_ENTRY_NOT_ALLOWED,
          CALIBRATION_EXPIRED,
          STEP_OVERDUE,
          QUEUE_TIME_EXCEEDED,
          MIN_WAIT_NOT_MET ->
          Severity.MAJOR;
      case DUPLICATE_SERIAL, SIGNATURE_INVALID, COMPONENT_REUSED, COMPONENT_NOT_RELEASED ->
          Severity.CRITICAL;
    };
  }

  /**
   * Whether a violation raised on an accepted event keeps its step from completing: a
   * TOLERANCE_BREACH, until a passing re-measure of the characteristic or a disposition.
   */
  static boolean blocksStep(ViolationCode code) {
    return code == ViolationCode.TOLERANCE_BREACH;
  }
}
