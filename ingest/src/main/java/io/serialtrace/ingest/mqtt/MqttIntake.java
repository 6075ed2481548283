package io.serialtrace.ingest.mqtt;

import io.serialtrace.ingest.config.IngestSettings;
import io.serialtrace.ingest.event.EventBody;
import io.serialtrace.ingest.event.EventValidator;
import io.serialtrace.ingest.event.FieldError;
import io.serialtrace.ingest.event.PlantRegistry;
import io.serialtrace.ingest.kafka.EventIntake;
import io.serialtrace.ingest.kafka.EventPublisher;
import io.serialtrace.ingest.kafka.IngestMetrics;
import io.serialtrace.schemas.EventSource;
import io.smallrye.reactive.messaging.mqtt.MqttMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * MQTT in: station events and device readings, one event per message (a JSON object). What cannot
 * be read or completed goes to the dead-letter topic with its raw bytes, the reason and its origin
 * in headers. A message is acknowledged once Kafka has it (as an event or a dead letter).
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

  private final EventIntake intake;
  private final EventPublisher publisher;
  private final IngestMetrics metrics;
  private final StationBindings bindings;
  private final PlantRegistry registry;

  public MqttIntake(
      EventIntake intake,
      EventPublisher publisher,
      IngestMetrics metrics,
      StationBindings bindings,
      IngestSettings settings) {
    this.intake = intake;
    this.publisher = publisher;
    this.metrics = metrics;
    this.bindings = bindings;
    this.registry = PlantRegistry.of(settings.plants());
  }

  @Incoming("station-events")
  public CompletionStage<Void> stationEvent(MqttMessage<byte[]> message) {
    return handle(message);
  }

  @Incoming("device-measurements")
  public CompletionStage<Void> deviceMeasurement(MqttMessage<byte[]> message) {
    return handle(message);
  }

  private CompletionStage<Void> handle(MqttMessage<byte[]> message) {
    Instant received = intake.clock().instant().truncatedTo(ChronoUnit.MICROS);
    String topicName = message.getTopic();
    byte[] raw = message.getPayload();
    MqttTopic topic = MqttTopic.parse(topicName);
    CompletableFuture<Void> stored =
        switch (EventBody.read(raw)) {
          case EventBody.Content.Malformed malformed ->
              deadLetter(topicName, topic, raw, received, "malformed-json", malformed.detail());
          case EventBody.Content.Batch batch ->
              deadLetter(
                  topicName,
                  topic,
                  raw,
                  received,
                  "batch-not-allowed",
                  "send one event per message");
          case EventBody.Content.Single single -> intake(topicName, topic, single.item(), received);
        };
    return stored
        .exceptionally(
            failure -> {
              // Kafka took neither the event nor its dead letter: log the bytes so nothing is lost.
              LOG.errorf(
                  failure,
                  "MQTT message on %s not stored; raw payload (base64): %s",
                  topicName,
                  Base64.getEncoder().encodeToString(raw));
              metrics.rejected(EventSource.MQTT, "kafka-unavailable", 1);
              return null;
            })
        .thenCompose(done -> message.ack());
  }

  private CompletableFuture<Void> intake(
      String topicName, MqttTopic topic, EventBody.Item item, Instant received) {
    return switch (MqttEnvelope.complete(item.json(), topic, registry, bindings)) {
      case MqttEnvelope.Completion.Refused refused ->
          deadLetter(
              topicName, topic, item.raw(), received, "invalid-event", describe(refused.errors()));
      case MqttEnvelope.Completion.Impersonation impersonation ->
          deadLetter(
              topicName,
              topic,
              item.raw(),
              received,
              "identity-mismatch",
              describe(impersonation.errors()));
      case MqttEnvelope.Completion.Completed completed ->
          switch (EventValidator.validate(
              completed.event(),
              item.raw(),
              new EventValidator.Intake(received, EventSource.MQTT, registry))) {
            case EventValidator.Validation.Invalid invalid ->
                deadLetter(
                    topicName,
                    topic,
                    item.raw(),
                    received,
                    "invalid-event",
                    describe(invalid.errors()));
            case EventValidator.Validation.Valid valid -> {
              // 21 CFR 11.10(h): the broker-authenticated identity the topic names.
              valid.event().setPrincipal(principalOf(topic));
              yield intake.store(valid.event());
            }
          };
    };
  }

  private CompletableFuture<Void> deadLetter(
      String topicName,
      MqttTopic topic,
      byte[] raw,
      Instant received,
      String reason,
      String detail) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(HEADER_REASON, reason + ": " + detail);
    headers.put(HEADER_TOPIC, topicName);
    plantOf(topic).ifPresent(plant -> headers.put(HEADER_PLANT, plant));
    headers.put(HEADER_RECEIVED, received.toString());
    headers.put(HEADER_SOURCE, EventSource.MQTT.name());
    metrics.rejected(EventSource.MQTT, reason, 1);
    metrics.deadLettered(reason);
    LOG.warnf("Dead-lettering MQTT message on %s: %s: %s", topicName, reason, detail);
    return publisher.deadLetter(topicName, raw, headers);
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

  private static java.util.Optional<String> plantOf(MqttTopic topic) {
    return switch (topic) {
      case MqttTopic.StationEvents s -> java.util.Optional.of(s.plant());
      case MqttTopic.DeviceMeasurements d -> java.util.Optional.of(d.plant());
      case MqttTopic.Unrecognized u -> java.util.Optional.empty();
    };
  }

  private static String describe(List<FieldError> errors) {
    return errors.stream()
        .map(e -> (e.field().isEmpty() ? "" : e.field() + " ") + e.message())
        .collect(Collectors.joining("; "));
  }
}
