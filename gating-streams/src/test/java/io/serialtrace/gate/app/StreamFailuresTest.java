package io.serialtrace.gate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.common.errors.SerializationException;
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
}
