package io.serialtrace.schemas.violation;

/**
 * How a violation lives and ends, by its code ({@link ViolationLifecycle#kind}). The table of every
 * code is in {@code gating-streams/docs/STATE_MACHINE.md} ("Violation lifecycle"), read by the
 * gate's tests.
 */
public enum ViolationKind {
  /**
   * Raised on the accepted record, by time, or about the unit from outside its events: open on the
   * unit, it keeps the unit from completing (HOLD at its last step) until a signed Disposition ends
   * it (DISPOSITIONED), or the unit is scrapped (CLOSED_WITH_UNIT).
   */
  HOLDING,

  /**
   * Raised by a refused event: nothing entered the record, so it never holds a unit. Quality ends
   * it with a signed Acknowledgement (ACKNOWLEDGED); one nobody acknowledges within the gate's
   * notice retention ends EXPIRED.
   */
  NOTICE,

  /**
   * A refusal answered to the caller only and never raised on the violations stream (it says
   * nothing about the product or the process): no violation exists, so there is nothing to end.
   */
  ANSWERED
}
