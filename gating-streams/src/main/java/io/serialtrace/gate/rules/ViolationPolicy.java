package io.serialtrace.gate.rules;

import io.serialtrace.schemas.Severity;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.violation.ViolationKind;
import io.serialtrace.schemas.violation.ViolationLifecycle;

/**
 * How the gate treats each violation code: whether a refusal raises it on the violations stream,
 * how serious it is, whether it blocks its step. Switches without default, so a new code must be
 * classified before the gate compiles.
 *
 * <p>Whether a violation holds its unit, and how it ends, is the rule the gate shares with
 * trace-api: {@link ViolationLifecycle} (the table "Violation lifecycle" in STATE_MACHINE.md).
 */
public final class ViolationPolicy {

  private ViolationPolicy() {}

  /**
   * Whether a code, when it refuses an event, is also raised on the violations stream: exactly the
   * NOTICE codes of the shared lifecycle. A HOLDING code in a refusal (a completion refused over a
   * TOLERANCE_BREACH already raised) is not raised again; an ANSWERED code is never raised.
   */
  static boolean raisesViolation(ViolationCode code) {
    return ViolationLifecycle.kind(code) == ViolationKind.NOTICE;
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
