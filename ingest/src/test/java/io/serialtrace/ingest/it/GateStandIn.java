package io.serialtrace.ingest.it;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GateOutcome;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.stack.StackEndpoints;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * STAND-IN FOR THE GATE (gating-streams, issue 3) until it lands: the test itself reads the event
 * ingest produced and answers with a GateDecision through real Kafka, echoing replyTo as the gate
 * will. Replace with the real gate in an end-to-end test once it exists.
 */
final class GateStandIn implements AutoCloseable {
  private final TopicReader<ProductionEvent> events;
  private final KafkaProducer<String, GateDecision> decisions;

  GateStandIn(StackEndpoints stack) {
    events = TopicReader.avro(stack, "trace.production-events.v1", ProductionEvent.class);
    AvroKafkaSerializer<GateDecision> values = new AvroKafkaSerializer<>();
    values.configure(
        Map.of(
            SerdeConfig.REGISTRY_URL,
            stack.registryUrl(),
            SerdeConfig.AUTO_REGISTER_ARTIFACT,
            true),
        false);
    decisions =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            values);
  }

  /** The event ingest stored, as the gate would read it. */
  ProductionEvent awaitEvent(UUID eventId, Duration timeout) {
    List<ConsumerRecord<String, ProductionEvent>> found =
        events.await(r -> r.value().getEventId().equals(eventId), 1, timeout);
    if (found.isEmpty()) {
      throw new AssertionError("Event " + eventId + " did not reach Kafka in " + timeout);
    }
    return found.getFirst().value();
  }

  /** Answers an event as the gate would: decision keyed by serial, replyTo echoed. */
  void decide(ProductionEvent event, GateOutcome outcome, List<ViolationCode> reasons)
      throws Exception {
    decide(event, outcome, reasons, reasons.stream().map(r -> "stand-in: " + r).toList());
  }

  /** Answers with the gate's own words for each reason (as the real gate writes them). */
  void decide(
      ProductionEvent event,
      GateOutcome outcome,
      List<ViolationCode> reasons,
      List<String> messages)
      throws Exception {
    GateDecision decision =
        GateDecision.newBuilder()
            .setEventId(event.getEventId())
            .setSerial(event.getSerial())
            .setDecision(outcome)
            .setReasons(reasons)
            .setMessages(messages)
            .setDecidedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
            .setRecordSeq(outcome == GateOutcome.ACCEPTED ? 1L : null)
            .setReplyTo(event.getReplyTo())
            .build();
    decisions
        .send(new ProducerRecord<>("trace.gate-decisions.v1", event.getSerial(), decision))
        .get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    events.close();
    decisions.close(Duration.ofSeconds(5));
  }
}
