package io.serialtrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With the broker stopped for 30 s, every request fails fast with 503 and a problem body — never
 * 202 for an event Kafka did not store — and intake works again once the broker is back.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@ExtendWith(LocalStackExtension.class)
class KafkaOutageIT {
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final String TOPIC = "trace.production-events.v1";

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void answers503WhileKafkaIsDownAndStoresAgainWhenItIsBack(StackEndpoints stack) throws Exception {
    LocalStack kafka =
        LocalStack.of(StackSettings.forTests(RepositoryHome.find())).only(List.of("kafka"));
    String serial = "SN-OUTAGE-" + UUID.randomUUID().toString().substring(0, 8);
    List<Integer> statuses = new ArrayList<>();
    List<UUID> refused = new ArrayList<>();
    try {
      // 1. Intake works before the outage.
      post(serial).then().statusCode(202);

      // 2. Stop the broker; keep posting for 30 s (bounded loop).
      kafka.stop(List.of("kafka"), Progress.printingTo(System.out));
      long end = System.nanoTime() + OUTAGE.toNanos();
      while (System.nanoTime() < end) {
        UUID eventId = UUID.randomUUID();
        Response response = post(serial, eventId);
        statuses.add(response.statusCode());
        if (response.statusCode() == 503) {
          refused.add(eventId);
          assertThat(response.contentType()).startsWith("application/problem+json");
          assertThat(response.jsonPath().getString("type"))
              .isEqualTo("urn:serialtrace:problem:kafka-unavailable");
          assertThat(response.header("Retry-After")).isNotBlank();
        }
      }
    } finally {
      // 3. Always bring the broker back (up waits until it is ready).
      kafka.up(Progress.printingTo(System.out));
    }

    // 4. During the outage: only 503s, never a 202.
    System.out.printf(
        "KafkaOutageIT: %d requests during the outage: %s%n", statuses.size(), statuses);
    assertThat(statuses).isNotEmpty().containsOnly(503);

    // 5. After it: a new event is stored again, and reaches the topic.
    try (TopicReader<ProductionEvent> reader =
        TopicReader.avro(stack, TOPIC, ProductionEvent.class)) {
      UUID after = UUID.randomUUID();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int status = 0;
      while (status != 202 && System.nanoTime() < deadline) {
        status = post(serial, after).statusCode();
      }
      assertThat(status).isEqualTo(202);
      assertThat(reader.await(r -> r.value().getEventId().equals(after), 1, Duration.ofSeconds(30)))
          .hasSize(1);
    }
  }

  private static Response post(String serial) {
    return post(serial, UUID.randomUUID());
  }

  private static Response post(String serial, UUID eventId) {
    return Tokens.asOperator()
        .contentType("application/json")
        .body(Events.stepStarted(eventId, serial, "ST-010", "10-MOUNT-DRIVE"))
        .post("/v1/events");
  }
}
