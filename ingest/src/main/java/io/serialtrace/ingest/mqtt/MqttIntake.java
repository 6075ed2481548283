package io.serialtrace.ingest.mqtt;

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
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * MQTT in: station events and device readings, one event per message (a JSON object), through the
 * one {@link IntakePolicy} with the topic's authenticated client as sender. What the policy refuses
 * goes to the dead-letter topic with its raw bytes, the reason and its origin in headers; a message
 * over {@code ingest.mqtt.max-message-bytes} with its size and first bytes only. Each message is
 * handled until Kafka has it (as an event or a dead letter), or it is logged as lost. (The client
 * acknowledges a QoS 1 message to the broker on receipt, before that.)
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

  public MqttIntake(
      IntakePolicy policy,
      EventPublisher publisher,
      IngestMetrics metrics,
      StationBindings bindings,
      PlantRegistry plants,
      IngestSettings settings) {
    this.limits = IntakeLimits.of(settings.mqtt());
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
    Received received =
        new Received(message.getTopic(), topic, message.getPayload(), policy.receivedNow());
    Sender sender =
        new Sender.BrokerClient(
            principalOf(topic), json -> MqttEnvelope.complete(json, topic, plants, bindings));
    return policy
        .submit(
            new Submission(
                EventSource.MQTT, received.raw(), received.at(), limits, sender, Optional.empty()))
        .thenCompose(outcome -> react(outcome, received))
        .exceptionally(
            failure -> {
              lost(received, failure);
              return null;
            })
        .thenCompose(done -> message.ack());
  }

  /** Stored: nothing to do. Refused: a dead letter. Not stored: logged, so nothing is lost. */
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
      case IntakeOutcome.Unavailable unavailable -> {
        lost(received, new IllegalStateException(describe(unavailable.results().errors())));
        yield stored();
      }
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
   * Kafka took neither the event nor its dead letter: log the bytes so nothing is lost (of a
   * message over the limit, as many as the limit allows).
   */
  private void lost(Received received, Throwable failure) {
    byte[] raw = received.raw();
    int logged = (int) Math.min(raw.length, limits.maxBodyBytes());
    LOG.errorf(
        failure,
        "MQTT message on %s (%d bytes) not stored; raw payload, first %d bytes (base64): %s",
        received.topicName(),
        raw.length,
        logged,
        Base64.getEncoder().encodeToString(Arrays.copyOf(raw, logged)));
    metrics.rejected(EventSource.MQTT, "kafka-unavailable", 1);
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
