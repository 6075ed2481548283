package io.serialtrace.gate.rules;

import io.serialtrace.schemas.ProductionEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An installation of a serialized component the unit's rules accept, not decided yet: its component
 * is claimed on the component's own key first ({@link ClaimWaitRules}). Every later event of the
 * unit is parked behind it, in order, until the answer comes or {@code due} passes.
 *
 * @param install the ComponentScanned waiting
 * @param at its gate time; it and every parked event are decided as of their own arrival
 * @param componentSerial the component claimed
 * @param due wall-clock time after which the installation is refused CLAIM_UNAVAILABLE (if the
 *     component side is quiet too; else it is extended)
 * @param behind the unit's events that arrived after it, in arrival order
 */
public record ClaimWait(
    ProductionEvent install,
    Instant at,
    String componentSerial,
    Instant due,
    List<ParkedEvent> behind) {
  public ClaimWait {
    behind = List.copyOf(behind);
  }

  ClaimWait until(Instant later) {
    return new ClaimWait(install, at, componentSerial, later, behind);
  }

  ClaimWait parking(ParkedEvent event) {
    List<ParkedEvent> all = new ArrayList<>(behind);
    all.add(event);
    return new ClaimWait(install, at, componentSerial, due, all);
  }

  /** An event parked behind the claim, with its gate time. */
  public record ParkedEvent(ProductionEvent event, Instant at) {}
}
