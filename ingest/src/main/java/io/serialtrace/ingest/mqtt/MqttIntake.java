package io.serialtrace.ingest.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.serialtrace.ingest.config.IngestSettings;
import io.serialtrace.ingest.event.PlantRegistry;
import io.serialtrace.ingest.intake.IntakeLimits;
import io.serialtrace.ingest.intake.IntakeOutcome;
import io.serialtrace.ingest.intake.IntakePolicy;
import io.serialtrace.ingest.intake.ItemError;
import io.serialtrace.ingest.intake.Sender;
import io.serialtrace.ingest.intake.Submission;
import io.serialtrace.ingest.kafka.EventPublisher;
import io.serialtrace.ingest.kafka.IngestMetrics;
import io.serialtrace.schemas.EventSource;
import io.smallrye.reactive.messaging.mqtt.MqttMessage;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import io.vertx.mutiny.mqtt.messages.MqttPublishMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * MQTT in: station events and device readings, one event per message (a JSON object), through the
 * one {@link IntakePolicy} with the topic's authenticated client as sender. What the policy refuses
 * goes to the dead-letter topic with its raw bytes, the reason and its origin in headers; a message
 * over {@code ingest.mqtt.max-message-bytes} with its size and first bytes only. Each message is
 * submitted until Kafka has it (as an event or a dead letter; a Kafka outage is waited out, the
 * message tried again every {@code ingest.mqtt.store-retry-interval}), and only then acknowledged
 * to the broker ({@link MqttSessionOptions} turns the client's acknowledgement on receipt off): a
 * QoS 1 message ingest received but had not stored when it died is delivered again to the next
 * ingest of the same persistent session, never lost between the two. A redelivered message keeps
 * its eventId, so the gate decides it once.
 */
@ApplicationScoped
public class MqttIntake {
  private static final Logger LOG = Logger.getLogger(MqttIntake.class);

  /** Dead-letter header names: why, where from, when. */
  public static final String HEADER_REASON = "dlq.reason";

  public static final String HEADER_TOPIC = "dlq.mqtt-topic";
  public static final String HEADER_PLANT = "dlq.plant";
  public static final String HEADER_RECEIVED = "dlq.received-time";
  public static final String HEADER_SOURCE = "dlq.source";

  /** Size in bytes of a message dead-lettered as too large (its value holds the first bytes). */
  public static final String HEADER_SIZE = "dlq.size";

  /** How much of a too-large message its dead letter keeps. */
  static final int FIRST_BYTES = 1024;

  private final IntakePolicy policy;
  private final EventPublisher publisher;
  private final IngestMetrics metrics;
  private final StationBindings bindings;
  private final PlantRegistry plants;
  private final IntakeLimits limits;
  private final Duration retryInterval;

  public MqttIntake(
      IntakePolicy policy,
      EventPublisher publisher,
      IngestMetrics metrics,
      StationBindings bindings,
      PlantRegistry plants,
      IngestSettings settings) {
    this.limits = IntakeLimits.of(settings.mqtt());
    this.retryInterval = settings.mqtt().storeRetryInterval();
    this.policy = policy;
    this.publisher = publisher;
    this.metrics = metrics;
    this.bindings = bindings;
    this.plants = plants;
  }

  @Incoming("station-events")
  public CompletionStage<Void> stationEvent(MqttMessage<byte[]> message) {
    return handle(message);
  }

  @Incoming("device-measurements")
  public CompletionStage<Void> deviceMeasurement(MqttMessage<byte[]> message) {
    return handle(message);
  }

  /** One MQTT message: its topic, bytes and receive time. */
  private record Received(String topicName, MqttTopic topic, byte[] raw, Instant at) {}

  private CompletionStage<Void> handle(MqttMessage<byte[]> message) {
    MqttTopic topic = MqttTopic.parse(message.getTopic());
    Optional<MqttPublishMessage> toAcknowledge =
        message
            .getMetadata(ReceivingMqttMessageMetadata.class)
            .map(ReceivingMqttMessageMetadata::getMessage)
            .filter(m -> m.qosLevel() == MqttQoS.AT_LEAST_ONCE);
    toAcknowledge.ifPresent(m -> metrics.mqttReceived());
    Received received =
        new Received(message.getTopic(), topic, message.getPayload(), policy.receivedNow());
    return storeUntilTaken(received, 1)
        .thenCompose(
            done -> {
              // Handled: now the broker may forget it (PUBACK).
              toAcknowledge.ifPresent(
                  m -> {
                    m.ack();
                    metrics.mqttAcknowledged();
                  });
              return message.ack();
            });
  }

  /**
   * Submits the message until Kafka has it, as an event or as a dead letter: when Kafka takes
   * neither, the same bytes are submitted again after {@code ingest.mqtt.store-retry-interval}
   * (same eventId: a copy that reached Kafka after all is decided once by the gate).
   */
  private CompletionStage<Void> storeUntilTaken(Received received, int attempt) {
    Sender sender =
        new Sender.BrokerClient(
            principalOf(received.topic()),
            json -> MqttEnvelope.complete(json, received.topic(), plants, bindings));
    return policy
        .submit(
            new Submission(
                EventSource.MQTT, received.raw(), received.at(), limits, sender, Optional.empty()))
        .thenCompose(outcome -> react(outcome, received))
        .handle((done, failure) -> Optional.ofNullable(failure))
        .thenCompose(
            failure -> {
              if (failure.isEmpty()) {
                if (attempt > 1) {
                  LOG.infof(
                      "MQTT message on %s stored after %d attempts", received.topicName(), attempt);
                }
                return stored();
              }
              notTakenYet(received, failure.get(), attempt);
              return CompletableFuture.runAsync(
                      () -> {},
                      CompletableFuture.delayedExecutor(
                          retryInterval.toMillis(), TimeUnit.MILLISECONDS))
                  .thenCompose(pause -> storeUntilTaken(received, attempt + 1));
            });
  }

  /** Stored: nothing to do. Refused: a dead letter. Not stored: a failed stage (tried again). */
  private CompletionStage<Void> react(IntakeOutcome outcome, Received received) {
    return switch (outcome) {
      case IntakeOutcome.Accepted accepted -> stored();
      case IntakeOutcome.Decided decided -> stored();
      case IntakeOutcome.Undecided undecided -> stored();
      case IntakeOutcome.Malformed malformed ->
          deadLetter(received, "malformed-json", malformed.detail());
      case IntakeOutcome.BatchNotAllowed batch ->
          deadLetter(received, "batch-not-allowed", "send one event per message");
      case IntakeOutcome.Forbidden forbidden ->
          deadLetter(received, "identity-mismatch", describe(forbidden.errors()));
      case IntakeOutcome.Invalid invalid ->
          deadLetter(received, "invalid-event", describe(invalid.results().errors()));
      case IntakeOutcome.Unavailable unavailable ->
          CompletableFuture.failedFuture(
              new IllegalStateException(describe(unavailable.results().errors())));
      case IntakeOutcome.BodyTooLarge large -> tooLarge(received, large);
      // Not reachable with MQTT's limits and sender; dead-lettered all the same, never dropped.
      case IntakeOutcome.BatchTooLarge large -> deadLetter(received, "refused", large.toString());
      case IntakeOutcome.SignatureNotAlone notAlone ->
          deadLetter(received, "refused", notAlone.toString());
      case IntakeOutcome.SigningTokenStale stale ->
          deadLetter(received, "refused", stale.toString());
      case IntakeOutcome.SigningTokenReused reused ->
          deadLetter(received, "refused", reused.toString());
      case IntakeOutcome.SigningLedgerUnavailable ledger ->
          deadLetter(received, "refused", ledger.toString());
    };
  }

  private CompletionStage<Void> deadLetter(Received received, String reason, String detail) {
    return deadLetter(received, reason, detail, received.raw(), Map.of());
  }

  /** Its size and first bytes only: the whole message may not fit a Kafka record. */
  private CompletionStage<Void> tooLarge(Received received, IntakeOutcome.BodyTooLarge large) {
    return deadLetter(
        received,
        "too-large",
        large.bytes()
            + " bytes, limit "
            + large.maxBytes()
            + "; the first "
            + FIRST_BYTES
            + " kept",
        Arrays.copyOf(received.raw(), Math.min(FIRST_BYTES, received.raw().length)),
        Map.of(HEADER_SIZE, Integer.toString(large.bytes())));
  }

  private CompletionStage<Void> deadLetter(
      Received received, String reason, String detail, byte[] kept, Map<String, String> more) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(HEADER_REASON, reason + ": " + detail);
    headers.put(HEADER_TOPIC, received.topicName());
    plantOf(received.topic()).ifPresent(plant -> headers.put(HEADER_PLANT, plant));
    headers.put(HEADER_RECEIVED, received.at().toString());
    headers.put(HEADER_SOURCE, EventSource.MQTT.name());
    headers.putAll(more);
    metrics.rejected(EventSource.MQTT, reason, 1);
    metrics.deadLettered(reason);
    LOG.warnf("Dead-lettering MQTT message on %s: %s: %s", received.topicName(), reason, detail);
    return publisher.deadLetter(received.topicName(), kept, headers);
  }

  /**
   * Kafka took neither the event nor its dead letter (yet): counted, and logged at the first
   * attempt and every tenth after it; the message stays unacknowledged and is tried again.
   */
  private void notTakenYet(Received received, Throwable failure, int attempt) {
    metrics.rejected(EventSource.MQTT, "kafka-unavailable", 1);
    if (attempt == 1 || attempt % 10 == 0) {
      Throwable cause = failure.getCause() == null ? failure : failure.getCause();
      LOG.warnf(
          "MQTT message on %s (%d bytes) not stored (attempt %d: %s); kept unacknowledged to the"
              + " broker and tried again in %s",
          received.topicName(), received.raw().length, attempt, cause.getMessage(), retryInterval);
    }
  }

  /**
   * {@code mqtt:<user>}: the broker's ACL lets a user publish only under its own topic segment, so
   * the segment is the authenticated MQTT user.
   */
  static String principalOf(MqttTopic topic) {
    return switch (topic) {
      case MqttTopic.StationEvents s -> "mqtt:" + s.station();
      case MqttTopic.DeviceMeasurements d -> "mqtt:" + d.device();
      case MqttTopic.Unrecognized u -> "mqtt:unknown";
    };
  }

  private static Optional<String> plantOf(MqttTopic topic) {
    return switch (topic) {
      case MqttTopic.StationEvents s -> Optional.of(s.plant());
      case MqttTopic.DeviceMeasurements d -> Optional.of(d.plant());
      case MqttTopic.Unrecognized u -> Optional.empty();
    };
  }

  private static String describe(List<ItemError> errors) {
    return errors.stream()
        .map(e -> (e.field().isEmpty() ? "" : e.field() + " ") + e.message())
        .collect(Collectors.joining("; "));
  }

  private static CompletionStage<Void> stored() {
    return CompletableFuture.completedFuture(null);
  }
}
