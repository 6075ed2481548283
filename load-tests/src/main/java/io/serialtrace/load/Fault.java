package io.serialtrace.load;

/**
 * The realistic faults the simulator injects, one per faulty unit; what the gate must make of it.
 */
public enum Fault {
  /** A required scan is left out: the completion is refused (MISSING_CAPTURE), then made good. */
  SKIPPED_SCAN,
  /** A torque reading above the limit (TOLERANCE_BREACH): re-measured, the unit ends on HOLD. */
  TORQUE_OUT_OF_TOLERANCE,
  /** The first step typed in from paper minutes later, at shift end (LATE_ENTRY). */
  LATE_ENTRY,
  /** A part the step does not call for is scanned (WRONG_COMPONENT). */
  WRONG_COMPONENT,
  /**
   * A serialized component already installed in an earlier unit, scanned first: refused at the scan
   * (COMPONENT_REUSED), then the right part is scanned.
   */
  REUSED_COMPONENT_SERIAL,
  /** The QA release completed before it is signed: refused, then signed and completed. */
  MISSING_QA_SIGNATURE,
  /** A batch delivered twice with the same event ids: the gate repeats its first decisions. */
  DUPLICATE_DELIVERY
}
