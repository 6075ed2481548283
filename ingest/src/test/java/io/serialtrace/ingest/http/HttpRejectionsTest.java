package io.serialtrace.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.ingest.event.FieldError;
import io.serialtrace.ingest.http.HttpRejections.Rejection;
import io.serialtrace.ingest.intake.IntakeOutcome;
import io.serialtrace.ingest.intake.IntakeOutcome.Item;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HttpRejectionsTest {

  @Test
  void countsEachBadFieldByItsReasonAndEachEventKafkaDidNotTake() {
    IntakeOutcome.Results results =
        new IntakeOutcome.Results(
            true,
            List.of(
                new Item.Stored(UUID.randomUUID()),
                new Item.Refused(
                    List.of(
                        new FieldError("plant", "unknown plant 'P9'"),
                        new FieldError("serial", "is required"))),
                new Item.NotConfirmed(UUID.randomUUID(), "Kafka refused")));

    assertThat(HttpRejections.of(new IntakeOutcome.Unavailable(results)))
        .containsExactly(
            new Rejection("unknown-plant", 1),
            new Rejection("invalid-field", 1),
            new Rejection("kafka-unavailable", 1));
  }

  @Test
  void countsEveryEventOfARequestRefusedWhole() {
    assertThat(HttpRejections.of(new IntakeOutcome.Forbidden("op", true, 3, List.of())))
        .containsExactly(new Rejection("forbidden", 3));
    assertThat(HttpRejections.of(new IntakeOutcome.BatchTooLarge(1200, 1000)))
        .containsExactly(new Rejection("batch-too-large", 1200));
  }

  @Test
  void countsNothingForStoredEvents() {
    assertThat(HttpRejections.of(new IntakeOutcome.Accepted(List.of()))).isEmpty();
  }
}
