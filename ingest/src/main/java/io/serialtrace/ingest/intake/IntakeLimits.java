package io.serialtrace.ingest.intake;

import io.serialtrace.ingest.config.IngestSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a channel accepts in one message, and how long its sender waits for Kafka.
 *
 * @param maxBodyBytes largest body; a larger one is refused before it is read
 * @param maxBatchSize most events in one batch; empty: one event per message, and a JSON array is
 *     refused whole
 * @param kafkaAckTimeout how long to wait for Kafka's acknowledgement before calling an event not
 *     stored; empty: as long as the producer tries ({@code delivery.timeout.ms})
 */
public record IntakeLimits(
    long maxBodyBytes, OptionalInt maxBatchSize, Optional<Duration> kafkaAckTimeout) {

  /**
   * MQTT: one event per message of at most {@code ingest.mqtt.max-message-bytes}; no ack timeout,
   * as no sender waits for an answer.
   */
  public static IntakeLimits of(IngestSettings.Mqtt mqtt) {
    return mqtt(mqtt.maxMessageBytes());
  }

  /** MQTT with this message limit: one event per message, no wait. */
  public static IntakeLimits mqtt(int maxMessageBytes) {
    return new IntakeLimits(maxMessageBytes, OptionalInt.empty(), Optional.empty());
  }

  /** HTTP: the configured body and batch limits; the station waits at most the ack timeout. */
  public static IntakeLimits of(IngestSettings.Http http) {
    return new IntakeLimits(
        http.maxBodyBytes(),
        OptionalInt.of(http.maxBatchSize()),
        Optional.of(http.kafkaAckTimeout()));
  }
}
