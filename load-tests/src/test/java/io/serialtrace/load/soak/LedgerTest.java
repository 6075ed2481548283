package io.serialtrace.load.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.load.EventLedger;
import io.serialtrace.load.EventLedger.Answer;
import io.serialtrace.load.EventLedger.Channel;
import io.serialtrace.load.soak.Ledger.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerTest {
  @Test
  void aBatchIsAcceptedOnlyWith202() {
    assertThat(Ledger.outcome(Channel.HTTP, new Answer(202, "", 1, false)))
        .isEqualTo(Outcome.ACCEPTED);
    assertThat(Ledger.outcome(Channel.HTTP, new Answer(400, "invalid-event", 1, false)))
        .isEqualTo(Outcome.REFUSED);
  }

  @Test
  void aWaitedEventIsAcceptedByIngestWhateverTheGateDecided() {
    for (int status : new int[] {200, 202, 409, 422}) {
      assertThat(Ledger.outcome(Channel.HTTP_WAITED, new Answer(status, "", 1, false)))
          .isEqualTo(Outcome.ACCEPTED);
    }
    assertThat(Ledger.outcome(Channel.HTTP_WAITED, new Answer(503, "claim-unavailable", 1, false)))
        .isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void aRefusalAfterAnUnansweredAttemptIsUncertainNotRefused() {
    assertThat(Ledger.outcome(Channel.HTTP, new Answer(401, "", 3, true)))
        .isEqualTo(Outcome.UNCERTAIN);
    assertThat(Ledger.outcome(Channel.HTTP, new Answer(503, "kafka-unavailable", 90, true)))
        .isEqualTo(Outcome.UNCERTAIN);
    assertThat(Ledger.outcome(Channel.MQTT, new Answer(EventLedger.NO_ANSWER, "", 90, true)))
        .isEqualTo(Outcome.UNCERTAIN);
  }

  @Test
  void anEventSentTwiceKeepsItsBestOutcome() {
    Ledger ledger = new Ledger();
    String id = "00000000-0000-0000-0000-000000000001";
    ledger.answered(List.of(id), Channel.HTTP, new Answer(202, "", 2, true));
    ledger.answered(List.of(id), Channel.HTTP, new Answer(EventLedger.NO_ANSWER, "", 9, true));

    assertThat(ledger.entries().get(id).outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(ledger.retriedSends()).isEqualTo(9);
  }

  @Test
  void aWaitedEventAskedAgainKeepsTheDecisionOverTheBare202() {
    Ledger ledger = new Ledger();
    String id = "00000000-0000-0000-0000-000000000002";
    ledger.answered(List.of(id), Channel.HTTP_WAITED, new Answer(202, "", 1, false));
    ledger.answered(List.of(id), Channel.HTTP_WAITED, new Answer(409, "", 1, false));
    ledger.answered(List.of(id), Channel.HTTP_WAITED, new Answer(202, "", 1, false));

    assertThat(ledger.entries().get(id).status()).isEqualTo(409);
  }
}
