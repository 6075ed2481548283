package io.serialtrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.serialtrace.schemas.EventSource;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.StepStarted;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Good events posted over HTTP reach trace.production-events.v1 as Avro, keyed by serial. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@ExtendWith(LocalStackExtension.class)
class HttpIntakeIT {
  private static final String TOPIC = "trace.production-events.v1";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject TestClock clock;

  @AfterEach
  void releaseClock() {
    clock.release();
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void storesOneEventKeyedBySerialWithTheServerReceiveTime(StackEndpoints stack) {
    // 1. Arrange: read the topic from now; pin the server clock.
    UUID eventId = UUID.randomUUID();
    String serial = "SN-HTTP-" + eventId.toString().substring(0, 8);
    String body = Events.stepStarted(eventId, serial, "ST-010", "10-MOUNT-DRIVE");
    Instant serverTime = Instant.parse("2026-03-01T08:15:31.123456Z");
    clock.pin(serverTime);
    try (TopicReader<ProductionEvent> reader =
        TopicReader.avro(stack, TOPIC, ProductionEvent.class)) {
      // 2. Post it: 202 with its id.
      Tokens.asOperator()
          .contentType("application/json")
          .body(body)
          .post("/v1/events")
          .then()
          .statusCode(202)
          .body("accepted.eventId", contains(eventId.toString()));

      // 3. It is on the topic, keyed by serial, stamped by the server clock, raw bytes kept.
      List<ConsumerRecord<String, ProductionEvent>> found =
          reader.await(r -> r.value().getEventId().equals(eventId), 1, WAIT);
      assertThat(found).hasSize(1);
      ProductionEvent event = found.getFirst().value();
      assertThat(found.getFirst().key()).isEqualTo(serial);
      assertThat(event.getReceivedTime()).isEqualTo(serverTime);
      assertThat(event.getSource()).isEqualTo(EventSource.HTTP);
      assertThat(event.getPayload()).isEqualTo(new StepStarted("10-MOUNT-DRIVE"));
      assertThat(StandardCharsets.UTF_8.decode(event.getRawPayload()).toString()).isEqualTo(body);
      assertThat(event.getReplyTo()).isNull();
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void storesEveryEventOfABatchInOrder(StackEndpoints stack) {
    // 1. Arrange: three events of one unit.
    String serial = "SN-BATCH-" + UUID.randomUUID().toString().substring(0, 8);
    List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    String body =
        "["
            + Events.unitStarted(ids.get(0), serial, "ST-010", "IP-200-SUB")
            + ","
            + Events.stepStarted(ids.get(1), serial, "ST-010", "10-MOUNT-DRIVE")
            + ","
            + Events.stepStarted(ids.get(2), serial, "ST-010", "20-SEAL")
            + "]";
    try (TopicReader<ProductionEvent> reader =
        TopicReader.avro(stack, TOPIC, ProductionEvent.class)) {
      // 2. Post the batch: 202 listing all three by index.
      Tokens.asOperator()
          .contentType("application/json")
          .body(body)
          .post("/v1/events")
          .then()
          .statusCode(202)
          .body("accepted.index", contains(0, 1, 2))
          .body("accepted.eventId", contains(ids.stream().map(UUID::toString).toArray()))
          .body("accepted.size()", equalTo(3));

      // 3. All three are on the topic in the order sent (same key, same partition).
      List<ConsumerRecord<String, ProductionEvent>> found =
          reader.await(r -> r.key().equals(serial), 3, WAIT);
      assertThat(found).extracting(r -> r.value().getEventId()).containsExactlyElementsOf(ids);
    }
  }
}
