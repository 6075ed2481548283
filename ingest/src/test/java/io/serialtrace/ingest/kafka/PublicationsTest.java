package io.serialtrace.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** One publication per event: what a retry of an event answered "not confirmed" finds. */
class PublicationsTest {
  private static final UUID ID = UUID.fromString("0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a02");
  private static final UUID OTHER = UUID.fromString("0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a03");

  /** The sends the fake producer was given, each with its own pending acknowledgement. */
  private final List<CompletableFuture<Void>> sends = new ArrayList<>();

  private CompletableFuture<Void> send() {
    CompletableFuture<Void> ack = new CompletableFuture<>();
    sends.add(ack);
    return ack;
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aRetryWhileTheFirstAttemptIsOpenJoinsItInsteadOfSendingAgain() {
    Publications publications = new Publications(10);
    CompletableFuture<Void> first = publications.once(ID, bytes("{a}"), this::send);

    CompletableFuture<Void> retry = publications.once(ID, bytes("{a}"), this::send);
    sends.getFirst().complete(null);

    assertThat(sends).hasSize(1);
    assertThat(first).isCompleted();
    assertThat(retry).isCompleted();
  }

  @Test
  void aRetryOfAnEventKafkaStoredAfterItsAnswerIsStoredWithoutASecondCopy() {
    Publications publications = new Publications(10);
    publications.once(ID, bytes("{a}"), this::send);
    sends.getFirst().complete(null);

    CompletableFuture<Void> retry = publications.once(ID, bytes("{a}"), this::send);

    assertThat(sends).hasSize(1);
    assertThat(retry).isCompleted();
  }

  @Test
  void aRetryAfterKafkaGaveUpSendsAgain() {
    Publications publications = new Publications(10);
    publications.once(ID, bytes("{a}"), this::send);
    sends.getFirst().completeExceptionally(new TimeoutException("delivery.timeout.ms"));

    CompletableFuture<Void> retry = publications.once(ID, bytes("{a}"), this::send);

    assertThat(sends).hasSize(2);
    assertThat(retry).isNotDone();
    assertThat(publications.openAttempts()).isEqualTo(1);
  }

  @Test
  void aCallersTimeoutEndsItsWaitNotTheAttempt() throws Exception {
    Publications publications = new Publications(10);
    CompletableFuture<Void> answer = publications.once(ID, bytes("{a}"), this::send);

    answer.orTimeout(1, TimeUnit.MILLISECONDS);
    Thread.sleep(50);
    sends.getFirst().complete(null);

    assertThat(answer).isCompletedExceptionally();
    assertThat(publications.once(ID, bytes("{a}"), this::send)).isCompleted();
    assertThat(sends).hasSize(1);
  }

  @Test
  void theSameEventIdWithOtherBytesIsAnotherEventAndIsSent() {
    Publications publications = new Publications(10);
    publications.once(ID, bytes("{a}"), this::send);
    sends.getFirst().complete(null);

    publications.once(ID, bytes("{b}"), this::send);

    assertThat(sends).hasSize(2);
  }

  @Test
  void theOldestStoredEventIsForgottenFirstBeyondTheBound() {
    Publications publications = new Publications(1);
    publications.once(ID, bytes("{a}"), this::send);
    sends.get(0).complete(null);
    publications.once(OTHER, bytes("{b}"), this::send);
    sends.get(1).complete(null);

    publications.once(OTHER, bytes("{b}"), this::send);
    assertThat(sends).hasSize(2);
    publications.once(ID, bytes("{a}"), this::send);
    assertThat(sends).hasSize(3);
  }

  @Test
  void aSendThatFailsAtOnceLeavesNoOpenAttempt() {
    Publications publications = new Publications(10);

    CompletableFuture<Void> answer =
        publications.once(
            ID,
            bytes("{a}"),
            () -> CompletableFuture.failedFuture(new IllegalStateException("buffer full")));

    assertThat(answer).isCompletedExceptionally();
    assertThat(publications.openAttempts()).isZero();
  }
}
