package io.serialtrace.ingest.decision;

import io.serialtrace.ingest.security.Caller;
import io.serialtrace.schemas.ComponentHolder;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GateOutcome;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.violation.ViolationKind;
import io.serialtrace.schemas.violation.ViolationLifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a station is told about a gate decision, in words. Pure.
 *
 * <p>Two things it must not do. It must not tell the caller about a unit of a plant the caller may
 * not see: the gate's text for a reissued serial describes the <em>other</em> unit (status, work
 * order, serial) and the decision does not say that unit's plant, so that text is replaced by a
 * neutral one whatever the caller's plants (trace-api answers a foreign serial 404; the station's
 * operator looks the unit up there). For a reused component the gate words its text for the
 * installing event's plant (a holder of another plant is "a unit of another plant"), and the
 * decision lists the holders with their plants, of which the caller is told those it may see
 * ({@link #visibleHolders}). And it must not say "production may advance" when the event put the
 * unit on HOLD, or "appended" when nothing was (an acknowledgement).
 */
public final class DecisionText {
  /**
   * Codes whose gate message describes a unit other than the one the caller addressed, with the
   * neutral text said instead.
   */
  private static final Map<ViolationCode, String> ABOUT_ANOTHER_UNIT =
      Map.of(ViolationCode.DUPLICATE_SERIAL, "serial already in use");

  private DecisionText() {}

  /** The gate's messages, one per reason, with what describes another unit withheld. */
  public static List<String> messages(GateDecision decision) {
    List<ViolationCode> reasons = decision.getReasons();
    List<String> messages = decision.getMessages();
    List<String> told = new ArrayList<>(reasons.size());
    for (int i = 0; i < reasons.size(); i++) {
      ViolationCode code = reasons.get(i);
      String neutral = ABOUT_ANOTHER_UNIT.get(code);
      told.add(neutral != null ? neutral : i < messages.size() ? messages.get(i) : code.name());
    }
    return List.copyOf(told);
  }

  /**
   * The holders of a reused component {@code caller} may be told about. The gate's own message
   * names a holder only when it is in the installing event's plant (which the caller may write
   * for); a caller who sees more plants learns the other holders it may see here.
   */
  public static List<ComponentHolder> visibleHolders(GateDecision decision, Caller caller) {
    return decision.getComponentHolders().stream().filter(h -> caller.sees(h.getPlant())).toList();
  }

  /** One sentence: may production advance, and if not, what it waits for. */
  public static String detail(GateDecision decision) {
    List<String> messages = messages(decision);
    if (DecisionAnswer.retryable(decision)) {
      return "Nothing was recorded: the gate could not confirm in time that the component is"
          + " installed in no other unit. Scan it again.";
    }
    if (decision.getDecision() == GateOutcome.REJECTED) {
      return "Production may not advance: " + String.join("; ", messages) + ".";
    }
    if (decision.getRecordSeq() == null) {
      return "The notice was acknowledged; nothing was appended to the unit's record.";
    }
    List<String> holding = new ArrayList<>();
    List<ViolationCode> reasons = decision.getReasons();
    for (int i = 0; i < reasons.size(); i++) {
      if (ViolationLifecycle.kind(reasons.get(i)) == ViolationKind.HOLDING) {
        holding.add(reasons.get(i) + " (" + messages.get(i) + ")");
      }
    }
    if (!holding.isEmpty()) {
      return "The event was appended to the unit's record, and the unit is on HOLD: it may not"
          + " advance until quality dispositions the open violation"
          + (holding.size() > 1 ? "s " : " ")
          + String.join("; ", holding)
          + ".";
    }
    return "The event was appended to the unit's record; production may advance.";
  }
}
