package io.serialtrace.ingest.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GateOutcome;
import io.serialtrace.schemas.ViolationCode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DecisionAnswerTest {
  @Test
  void acceptedIs200EvenWithViolationsRaised() {
    assertThat(DecisionAnswer.status(decision(GateOutcome.ACCEPTED, ViolationCode.LATE_ENTRY)))
        .isEqualTo(200);
  }

  @Test
  void aRefusalForTheUnitsStateIs409() {
    assertThat(
            DecisionAnswer.status(decision(GateOutcome.REJECTED, ViolationCode.STEP_OUT_OF_ORDER)))
        .isEqualTo(409);
    assertThat(DecisionAnswer.status(decision(GateOutcome.REJECTED, ViolationCode.UNIT_CLOSED)))
        .isEqualTo(409);
  }

  @Test
  void aRefusalForTheRouteRulesIs422() {
    assertThat(DecisionAnswer.status(decision(GateOutcome.REJECTED, ViolationCode.MISSING_CAPTURE)))
        .isEqualTo(422);
    assertThat(
            DecisionAnswer.status(
                decision(
                    GateOutcome.REJECTED,
                    ViolationCode.STEP_OUT_OF_ORDER,
                    ViolationCode.SIGNATURE_INVALID)))
        .isEqualTo(422);
  }

  @Test
  void pendingDecisionsCompleteTheWaiterRegisteredBeforeTheSend() {
    PendingDecisions pending = new PendingDecisions(2);
    GateDecision decision = decision(GateOutcome.ACCEPTED);
    var waiter = pending.expect(decision.getEventId());
    pending.decided(decision);
    assertThat(waiter).isCompletedWithValue(decision);
  }

  @Test
  void pendingDecisionsForgetTheOldestBeyondCapacity() {
    PendingDecisions pending = new PendingDecisions(2);
    UUID first = UUID.randomUUID();
    pending.expect(first);
    pending.expect(UUID.randomUUID());
    pending.expect(UUID.randomUUID());
    assertThat(pending.lookup(first)).isEmpty();
  }

  private static GateDecision decision(GateOutcome outcome, ViolationCode... reasons) {
    return GateDecision.newBuilder()
        .setEventId(UUID.randomUUID())
        .setSerial("SN-1")
        .setDecision(outcome)
        .setReasons(List.of(reasons))
        .setMessages(List.of(reasons).stream().map(Enum::name).toList())
        .setDecidedAt(Instant.EPOCH)
        .build();
  }
}
