package io.serialtrace.ingest.decision;

import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GateOutcome;
import io.serialtrace.schemas.ViolationCode;
import java.util.List;
import java.util.Set;

/**
 * The HTTP status a station gets for a gate decision. ACCEPTED → 200. REJECTED → 409 when the event
 * conflicts with the unit's current state (it may be right later or elsewhere: order, duplicates, a
 * closed unit, a wait not yet over, a component in use), otherwise 422 (the event itself breaks the
 * route's rules: missing captures, wrong part, invalid signature, manual entry, calibration); 503
 * when the gate could not decide a component's ownership in time (CLAIM_UNAVAILABLE: nothing about
 * the product, nothing recorded; the station retries).
 */
public final class DecisionAnswer {
  private static final Set<ViolationCode> STATE_CONFLICTS =
      Set.of(
          ViolationCode.UNKNOWN_UNIT,
          ViolationCode.DUPLICATE_SERIAL,
          ViolationCode.STEP_OUT_OF_ORDER,
          ViolationCode.UNIT_CLOSED,
          ViolationCode.MIN_WAIT_NOT_MET,
          ViolationCode.COMPONENT_REUSED,
          ViolationCode.COMPONENT_NOT_RELEASED);

  private DecisionAnswer() {}

  public static int status(GateDecision decision) {
    return switch (decision.getDecision()) {
      case ACCEPTED -> 200;
      case REJECTED ->
          retryable(decision) ? 503 : isStateConflict(decision.getReasons()) ? 409 : 422;
    };
  }

  private static boolean isStateConflict(List<ViolationCode> reasons) {
    return !reasons.isEmpty() && reasons.stream().allMatch(STATE_CONFLICTS::contains);
  }

  /** Whether the refusal says only that the gate could not decide in time: retry the same scan. */
  public static boolean retryable(GateDecision decision) {
    return decision.getDecision() == GateOutcome.REJECTED
        && decision.getReasons().contains(ViolationCode.CLAIM_UNAVAILABLE);
  }

  public static boolean accepted(GateDecision decision) {
    return decision.getDecision() == GateOutcome.ACCEPTED;
  }
}
