package io.serialtrace.api.units;

/**
 * Where a unit stands for quality and recall, derived from the status the sink stored and the
 * unit's open violations by the gate's own rule. The sink's units.status says IN_WORK until the
 * gate emits UnitCompleted; a unit still IN_WORK with an OPEN violation is ON_HOLD (the gate will
 * not complete it until each is dispositioned). UNKNOWN: a serial seen only as a component (built
 * elsewhere, no UnitStarted here).
 */
public enum DerivedUnitStatus {
  IN_WORK,
  ON_HOLD,
  COMPLETED,
  SCRAPPED,
  UNKNOWN;

  public static DerivedUnitStatus of(String storedStatus, long openViolations) {
    return switch (storedStatus) {
      case "IN_WORK" -> openViolations > 0 ? ON_HOLD : IN_WORK;
      case "COMPLETED", "RELEASED_AFTER_DISPOSITION" -> COMPLETED;
      case "SCRAPPED" -> SCRAPPED;
      default -> UNKNOWN;
    };
  }
}
