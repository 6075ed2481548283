package io.serialtrace.gate.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the gate knows about one component serial (value of the components store).
 *
 * @param holders units it is installed in now: at most one since claims decide installations; more
 *     only in states written before (the reuse was then raised after the fact)
 * @param ownStatus its status when it is itself a unit built in this system
 */
public record ComponentState(List<Holder> holders, Optional<UnitStatus> ownStatus) {
  public ComponentState {
    holders = List.copyOf(holders);
  }

  public static ComponentState empty() {
    return new ComponentState(List.of(), Optional.empty());
  }

  /**
   * A unit holding the component.
   *
   * @param unitSerial the unit
   * @param plant the unit's plant ("" for holders stored before plants were kept)
   * @param station where the component went in ("" likewise)
   * @param claimedBy the installation whose claim made it the holder; empty for holders stored
   *     before claims. A withdrawn claim releases the holder only when it names this event
   */
  public record Holder(String unitSerial, String plant, String station, Optional<UUID> claimedBy) {

    /** The form stored before claims: a bare unit serial. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Holder stored(String unitSerial) {
      return new Holder(unitSerial, "", "", Optional.empty());
    }
  }
}
