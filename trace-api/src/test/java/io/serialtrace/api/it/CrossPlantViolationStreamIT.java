package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.serialtrace.schemas.Severity;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live violation stream never shows a plant's violation to a caller of another plant: a P1
 * subscriber receives P1's violation and not P2's, which an every-plant subscriber of the same feed
 * received first (the positive control that it was broadcast).
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CrossPlantViolationStreamIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final Duration WAIT = Duration.ofSeconds(60);
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One open SSE connection, its lines collected by a thread of its own. */
  private record Subscription(Stream<String> body, List<String> lines) implements AutoCloseable {
    static Subscription open(String token) throws Exception {
      HttpResponse<Stream<String>> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + RestAssured.port + "/v1/violations/stream"))
                  .header("Authorization", "Bearer " + token)
                  .header("Accept", "text/event-stream")
                  .build(),
              HttpResponse.BodyHandlers.ofLines());
      assertThat(response.statusCode()).isEqualTo(200);
      Subscription subscription = new Subscription(response.body(), new CopyOnWriteArrayList<>());
      Thread.ofVirtual().start(() -> subscription.read());
      return subscription;
    }

    private void read() {
      try {
        body.forEach(lines::add);
      } catch (RuntimeException closed) {
        // close() cancelled the body
      }
    }

    boolean live() {
      return await(() -> lines.contains("data:LIVE") || lines.contains("data: LIVE"), 10);
    }

    boolean received(String violationId) {
      return lines.stream()
          .anyMatch(line -> line.startsWith("data:") && line.contains(violationId));
    }

    boolean awaitReceived(String violationId) {
      return await(() -> received(violationId), WAIT.toSeconds());
    }

    @Override
    public void close() {
      body.close();
    }
  }

  @Test
  void aPlantOneSubscriberNeverReceivesPlantTwosViolation(StackEndpoints stack) throws Exception {
    String p1Token = Tokens.token("stream-p1", Set.of(Role.QUALITY), Set.of("P1"));
    String everyPlant = Tokens.token("stream-admin", Set.of(Role.ADMIN), Set.of());
    // 1. both subscribe once the feed is live (its consumer positions itself after the app starts)
    try (Subscription p1 = openLive(p1Token);
        Subscription all = openLive(everyPlant);
        KafkaProducer<String, Object> gate = ViolationProducer.open(stack)) {
      // 2. P2's violation; the every-plant subscriber receives it (so it was broadcast)
      String serial = "XS-" + RUN;
      String p2Violation = UUID.randomUUID().toString();
      gate.send(
              new ProducerRecord<>(
                  ApiStackResource.VIOLATIONS_TOPIC, serial, violation(p2Violation, serial, "P2")))
          .get(30, TimeUnit.SECONDS);
      assertThat(all.awaitReceived(p2Violation)).as("every-plant subscriber got P2's").isTrue();

      // 3. then P1's, on the same key (same partition, so after P2's in the feed)
      String p1Violation = UUID.randomUUID().toString();
      gate.send(
              new ProducerRecord<>(
                  ApiStackResource.VIOLATIONS_TOPIC, serial, violation(p1Violation, serial, "P1")))
          .get(30, TimeUnit.SECONDS);
      assertThat(p1.awaitReceived(p1Violation)).as("P1 subscriber got P1's").isTrue();

      // 4. the P1 subscriber, served in feed order, got P1's violation and never P2's
      assertThat(p1.received(p2Violation)).as("P1 subscriber got P2's violation").isFalse();
      assertThat(all.awaitReceived(p1Violation)).isTrue();
    }
  }

  /** Subscribes until the first event says the feed is LIVE (bounded). */
  private static Subscription openLive(String token) throws Exception {
    for (int attempt = 0; attempt < 10; attempt++) {
      Subscription subscription = Subscription.open(token);
      if (subscription.live()) {
        return subscription;
      }
      subscription.close();
    }
    throw new AssertionError("the violation feed did not go live");
  }

  private static Violation violation(String id, String serial, String plant) {
    return Violation.newBuilder()
        .setViolationId(UUID.fromString(id))
        .setSerial(serial)
        .setPlant(plant)
        .setStation("ST-XS")
        .setCode(ViolationCode.LATE_ENTRY)
        .setSeverity(Severity.MINOR)
        .setDetail("entered late")
        .setDetectedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
        .build();
  }

  private static boolean await(java.util.function.BooleanSupplier condition, long seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }
}
