package io.serialtrace.gate.rules;

import java.util.List;
import java.util.Optional;

/**
 * What the gate knows about one component serial (value of the components store).
 *
 * @param holders units it is installed in now; more than one is a COMPONENT_REUSED
 * @param ownStatus its status when it is itself a unit built in this system
 */
public record ComponentState(List<String> holders, Optional<UnitStatus> ownStatus) {
  public ComponentState {
    holders = List.copyOf(holders);
  }

  public static ComponentState empty() {
    return new ComponentState(List.of(), Optional.empty());
  }
}
