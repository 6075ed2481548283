package io.serialtrace.gate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/**
 * A stream thread lost to an unreachable or silent registry is replaced (the records are fine and
 * are read again) and remembered for readiness; any other failure shuts the client down.
 */
class StreamFailuresTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private final StreamFailures failures = new StreamFailures(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aRegistryThatDidNotAnswerReplacesTheThreadAndIsRemembered() {
    Throwable silent =
        new StreamsException(
            new SerializationException("Cannot read", new HttpClosedException("idle timeout")));
    assertThat(failures.handle(silent)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(failures.lastRegistryFailure())
        .hasValueSatisfying(
            f -> {
              assertThat(f.at()).isEqualTo(NOW);
              assertThat(f.reason()).contains("idle timeout");
            });
    assertThat(failures.replaced()).isEqualTo(1);
  }

  @Test
  void aRefusedRegistryConnectionReplacesTheThread() {
    Throwable refused = new StreamsException(new ConnectException("Connection refused"));
    assertThat(failures.handle(refused)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }

  @Test
  void aBrokerGoneLongerThanTheTimeoutsReplacesTheThread() {
    Throwable outage =
        new StreamsException(
            new org.apache.kafka.common.KafkaException(
                "Cannot execute transactional method because we are in an error state",
                new org.apache.kafka.common.errors.TimeoutException(
                    "Topic trace.gate-decisions.v1 not present in metadata after 60000 ms.")));
    assertThat(failures.handle(outage)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(failures.lastRegistryFailure()).isEmpty();
  }

  @Test
  void anyOtherFailureShutsTheClientDown() {
    Throwable bug = new StreamsException(new IllegalStateException("broken state"));
    assertThat(failures.handle(bug)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(failures.lastRegistryFailure()).isEmpty();
  }

  @Test
  void aTransactionAbortedWhileTheGateStalledReplacesTheThread() {
    Throwable aborted =
        new StreamsException(
            "Error encountered trying to commit a transaction",
            new org.apache.kafka.common.errors.InvalidTxnStateException(
                "The producer attempted a transactional operation in an invalid state."));
    assertThat(failures.handle(aborted)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(failures.lastRegistryFailure()).isEmpty();
  }

  @Test
  void aStoreFoundClosedWhileATasksStoresAreRegisteredAgainReplacesTheThreadFiveTimesAtMost() {
    for (int i = 1; i <= StreamFailures.MAX_STORE_REOPENS; i++) {
      assertThat(failures.handle(closedStore("StateManagerUtil", "registerStateStores")))
          .as("replacement %d", i)
          .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
    assertThat(failures.handle(closedStore("StateManagerUtil", "registerStateStores")))
        .as("one more within the window: the client shuts down, the platform restarts it")
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(failures.replaced()).isEqualTo(StreamFailures.MAX_STORE_REOPENS);
  }

  @Test
  void aStoreFoundClosedWhileProcessingShutsTheClientDown() {
    assertThat(failures.handle(closedStore("GateProcessor", "process")))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  /** As Kafka Streams 4.3 threw it in GateExactlyOnceIT (RocksDBStore.validateStoreOpen). */
  private static Throwable closedStore(String thrownUnder, String method) {
    InvalidStateStoreException closed =
        new InvalidStateStoreException(
            "Store gate-event-decisions.1796558400000 is currently closed");
    closed.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement(
              "org.apache.kafka.streams.state.internals.RocksDBStore",
              "validateStoreOpen",
              null,
              470),
          new StackTraceElement(
              "org.apache.kafka.streams.processor.internals." + thrownUnder, method, null, 150)
        });
    return closed;
  }
}
