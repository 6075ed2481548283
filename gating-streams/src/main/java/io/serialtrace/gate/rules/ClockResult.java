package io.serialtrace.gate.rules;

import io.serialtrace.schemas.Violation;
import java.util.List;

/**
 * What passing time did to a unit: the state with the fired deadlines removed and the violations
 * they raised (already added to the state's open violations).
 */
public record ClockResult(UnitState next, List<Violation> violations) {
  public ClockResult {
    violations = List.copyOf(violations);
  }
}
