package io.serialtrace.gate.it;

import static io.serialtrace.gate.rules.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.TestEvents;
import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.gate.topics.Topics;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GateOutcome;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad input on the events topic does not stop the gate: a record that is not Avro at all, and a
 * registry-framed record of another schema (a Route), each go to the dead-letter topic with their
 * raw bytes and the reason in headers, and the next event is still decided.
 */
@ExtendWith(LocalStackExtension.class)
class GateDeadLetterIT {

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void malformedAndSchemaIncompatibleEventsAreDeadLetteredAndTheGateCarriesOn(StackEndpoints stack)
      throws Exception {
    String run = "dlq-" + UUID.randomUUID().toString().substring(0, 8);
    try (GateKafka kafka = new GateKafka(stack);
        GateProcess gate = new GateProcess(stack, "gate-" + run, Map.of())) {
      // 1. Fresh topics, the route, a running gate.
      kafka.resetTopics();
      kafka.publishRoute(TestRoutes.sixStepRoute());
      gate.start(Duration.ofSeconds(90));

      // 2. Garbage, then a Route in registry framing (valid schema id, wrong schema), then a
      //    good UnitStarted, all on the events topic.
      byte[] garbage = "{\"serial\": \"not avro\"".getBytes(StandardCharsets.UTF_8);
      byte[] route =
          kafka
              .topics
              .routes()
              .valueSerde()
              .serializer()
              .serialize(Topics.ROUTES, TestRoutes.sixStepRoute());
      try (KafkaProducer<String, byte[]> raw = kafka.producer(new ByteArraySerializer())) {
        raw.send(new ProducerRecord<>(Topics.PRODUCTION_EVENTS, "SN-" + run + "-garbage", garbage));
        raw.send(new ProducerRecord<>(Topics.PRODUCTION_EVENTS, "SN-" + run + "-route", route));
        raw.flush();
      }
      ProductionEvent good =
          new TestEvents("SN-" + run + "-good")
              .event(Instant.now().plus(Duration.ofDays(1)), started(TestRoutes.PRODUCT));
      kafka.produceEvents(List.of(good));

      // 3. Both bad records are dead letters, raw bytes kept, reason in the headers.
      List<ConsumerRecord<byte[], byte[]>> dead;
      try (var dlq =
          kafka.consumer(
              Topics.GATE_DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        dead =
            GateKafka.readUntil(
                dlq, r -> r.size() >= 2, Duration.ofSeconds(60), Duration.ofSeconds(2));
      }
      assertThat(dead).hasSize(2);
      assertThat(dead)
          .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
          .containsExactlyInAnyOrder("SN-" + run + "-garbage", "SN-" + run + "-route");
      for (ConsumerRecord<byte[], byte[]> r : dead) {
        boolean isGarbage = new String(r.key(), StandardCharsets.UTF_8).endsWith("-garbage");
        assertThat(r.value()).isEqualTo(isGarbage ? garbage : route);
        assertThat(header(r, "__streams.errors.exception")).contains("SerializationException");
        assertThat(header(r, "__streams.errors.topic")).isEqualTo(Topics.PRODUCTION_EVENTS);
        if (isGarbage) {
          assertThat(header(r, "__streams.errors.message"))
              .contains("Cannot read a io.serialtrace.schemas.ProductionEvent");
        } else {
          assertThat(header(r, "__streams.errors.message"))
              .contains("io.serialtrace.schemas.Route")
              .contains("not a io.serialtrace.schemas.ProductionEvent");
        }
      }

      // 4. The good event after them was decided: the gate carried on.
      List<GateDecision> decisions;
      try (var consumer = kafka.consumer(kafka.topics.gateDecisions())) {
        decisions =
            GateKafka.readUntil(consumer, r -> !r.isEmpty(), Duration.ofSeconds(60), Duration.ZERO)
                .stream()
                .map(ConsumerRecord::value)
                .toList();
      }
      assertThat(decisions)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.getEventId()).isEqualTo(good.getEventId());
                assertThat(d.getDecision()).isEqualTo(GateOutcome.ACCEPTED);
              });
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    assertThat(h).as("header %s", name).isNotNull();
    return new String(h.value(), StandardCharsets.UTF_8);
  }
}
