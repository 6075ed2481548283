package io.serialtrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The MQTT broker restarted while ingest is away (issue 17): QoS 1 readings queued for ingest's
 * persistent session before the restart are kept by the broker's persistence, those published after
 * it are queued too, and when ingest reconnects under its client id every reading is on the
 * production-events topic exactly once — none lost, none twice.
 *
 * <p>Ingest reaches the broker through a {@link CuttableRelay}, so it can be kept away from a
 * running broker (reconnecting every second, refused) while the device publishes.
 */
@QuarkusTest
@QuarkusTestResource(value = RelayedMqttTestResource.class, restrictToAnnotatedClass = true)
@ExtendWith(LocalStackExtension.class)
class MqttBrokerRestartIT {
  private static final String EVENTS = "trace.production-events.v1";
  private static final String TOPIC = "plants/P1/devices/torque-tool-7/measurements";
  private static final String DEVICE = "torque-tool-7";
  private static final String CONNECTED = "ingest_mqtt_connected";

  /** Readings per phase; both phases together stay under Mosquitto's queue of 1000 per client. */
  private static final int READINGS = 300;

  /** Ingest's way to the broker (the device's is direct). */
  CuttableRelay relay;

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void readingsQueuedForIngestAcrossABrokerRestartLandExactlyOnceWhenItReconnects(
      StackEndpoints stack) throws Exception {
    LocalStack mosquitto =
        LocalStack.of(StackSettings.forTests(RepositoryHome.find())).only(List.of("mosquitto"));
    String serial = "SN-MQTT-RESTART-" + UUID.randomUUID().toString().substring(0, 8);
    Set<UUID> beforeRestart = new LinkedHashSet<>();
    Set<UUID> afterRestart = new LinkedHashSet<>();
    try (TopicReader<ProductionEvent> events =
        TopicReader.avro(stack, EVENTS, ProductionEvent.class)) {
      // 1. Ingest is connected and subscribed: a probe reading, published until stored.
      try (MqttTestClient device = MqttTestClient.connect(stack, DEVICE)) {
        device.awaitIngestSubscribed(TOPIC, serial + "-PROBE", events);
      }

      // 2. Ingest loses the broker (the broker stays up): it keeps reconnecting, refused.
      relay.cut();
      ScrapedMetrics.await(CONNECTED, "", 0, Duration.ofSeconds(20));

      // 3. The device publishes while ingest is away: the broker queues them in ingest's session.
      publish(stack, serial, beforeRestart);

      // 4. The broker restarts (a clean stop writes its persistence, the start reads it back).
      try {
        mosquitto.stop(List.of("mosquitto"), Progress.printingTo(System.out));
      } finally {
        mosquitto.up(Progress.printingTo(System.out));
      }

      // 5. The device publishes again on the restarted broker; ingest is still away.
      publish(stack, serial, afterRestart);
      assertThat(events.drain(r -> serial.equals(r.key()), Duration.ofSeconds(2)))
          .as("nothing reaches Kafka while ingest is away")
          .isEmpty();

      // 6. Ingest reconnects under the same client id: the broker delivers both backlogs.
      relay.restore();
      Set<UUID> published = new LinkedHashSet<>(beforeRestart);
      published.addAll(afterRestart);
      Map<UUID, Long> landed = new HashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (!landed.keySet().containsAll(published) && System.nanoTime() < deadline) {
        count(events.drain(r -> serial.equals(r.key()), Duration.ofSeconds(1)), landed);
      }
      // Whatever comes late (a redelivery) comes within this window.
      count(events.drain(r -> serial.equals(r.key()), Duration.ofSeconds(5)), landed);

      // 7. Exact accounting: every reading once, nothing else.
      System.out.printf(
          "MqttBrokerRestartIT: %d + %d readings published, %d distinct on the topic, %d records%n",
          beforeRestart.size(),
          afterRestart.size(),
          landed.size(),
          landed.values().stream().mapToLong(Long::longValue).sum());
      assertThat(missing(beforeRestart, landed))
          .as("readings queued before the broker restart, not on the topic")
          .isEmpty();
      assertThat(missing(afterRestart, landed))
          .as("readings queued after the broker restart, not on the topic")
          .isEmpty();
      assertThat(landed.entrySet().stream().filter(e -> e.getValue() != 1).toList())
          .as("readings on the topic more than once")
          .isEmpty();
      assertThat(landed.keySet()).as("nothing but the readings published").isEqualTo(published);
      ScrapedMetrics.await(CONNECTED, "", 1, Duration.ofSeconds(20));
    } finally {
      relay.restore();
    }
  }

  /** {@value #READINGS} QoS 1 readings, each acknowledged by the broker before the next. */
  private static void publish(StackEndpoints stack, String serial, Set<UUID> ids) throws Exception {
    try (MqttTestClient device = MqttTestClient.connect(stack, DEVICE)) {
      for (int i = 0; i < READINGS; i++) {
        UUID id = UUID.randomUUID();
        device.publish(TOPIC, Events.torqueReading(id, serial).getBytes(StandardCharsets.UTF_8));
        ids.add(id);
      }
    }
  }

  private static void count(
      List<ConsumerRecord<String, ProductionEvent>> records, Map<UUID, Long> landed) {
    records.forEach(r -> landed.merge(r.value().getEventId(), 1L, Long::sum));
  }

  /** The ids of {@code published} not on the topic: how many, and the first few. */
  private static String missing(Set<UUID> published, Map<UUID, Long> landed) {
    List<UUID> absent = published.stream().filter(id -> !landed.containsKey(id)).toList();
    return absent.isEmpty()
        ? ""
        : absent.size()
            + " of "
            + published.size()
            + ", e.g. "
            + absent.stream().limit(3).map(UUID::toString).collect(Collectors.joining(", "));
  }
}
