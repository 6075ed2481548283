package io.serialtrace.api.units;

import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.violation.ViolationKind;
import io.serialtrace.schemas.violation.ViolationLifecycle;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where a unit stands for quality and recall. The sink's units.status says IN_WORK until the gate
 * emits UnitCompleted; a unit still IN_WORK is ON_HOLD while an open violation holds it — by the
 * rule the gate holds units by ({@link ViolationLifecycle}): an open violation of a HOLDING code
 * (the gate will not complete the unit until each is dispositioned). Refusal notices never hold.
 * UNKNOWN: a serial seen only as a component (built elsewhere, no UnitStarted here).
 */
public enum DerivedUnitStatus {
  IN_WORK,
  ON_HOLD,
  COMPLETED,
  SCRAPPED,
  UNKNOWN;

  /**
   * The condition, over the violations table's {@code code} column, of a code that holds its unit.
   * Written as "not a NOTICE or ANSWERED code", so a code newer than this reader counts as holding
   * (as {@link ViolationLifecycle#holds(String, String)} does): shown held rather than hidden.
   */
  public static final String HOLDING_CODE_SQL =
      "code NOT IN ("
          + Arrays.stream(ViolationCode.values())
              .filter(c -> ViolationLifecycle.kind(c) != ViolationKind.HOLDING)
              .map(c -> "'" + c.name() + "'")
              .collect(Collectors.joining(", "))
          + ")";

  /**
   * @param storedStatus units.status as the sink wrote it
   * @param openHoldingViolations how many of the unit's open violations hold it ({@link #holds})
   */
  public static DerivedUnitStatus of(String storedStatus, long openHoldingViolations) {
    return switch (storedStatus) {
      case "IN_WORK" -> openHoldingViolations > 0 ? ON_HOLD : IN_WORK;
      case "COMPLETED", "RELEASED_AFTER_DISPOSITION" -> COMPLETED;
      case "SCRAPPED" -> SCRAPPED;
      default -> UNKNOWN;
    };
  }

  /** Whether a violation, as stored, holds its unit: open, of a HOLDING code. */
  public static boolean holds(ViolationView violation) {
    return ViolationLifecycle.holds(violation.code(), violation.status());
  }
}
