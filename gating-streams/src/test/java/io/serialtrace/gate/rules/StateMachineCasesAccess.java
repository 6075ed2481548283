package io.serialtrace.gate.rules;

import io.serialtrace.schemas.ViolationCode;

/** Test-side access to package-private rule facts. */
public final class StateMachineCasesAccess {
  private StateMachineCasesAccess() {}

  public static boolean raisesViolation(ViolationCode code) {
    return ViolationPolicy.raisesViolation(code);
  }
}
