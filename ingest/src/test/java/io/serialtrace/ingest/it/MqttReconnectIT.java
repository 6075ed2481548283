package io.serialtrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ingest's MQTT session outlives its connection: QoS 1 readings published while the connection is
 * cut are queued by the broker and delivered when ingest reconnects under the same client id; the
 * reconnect is counted.
 */
@QuarkusTest
@QuarkusTestResource(value = RelayedMqttTestResource.class, restrictToAnnotatedClass = true)
@ExtendWith(LocalStackExtension.class)
class MqttReconnectIT {
  private static final String EVENTS = "trace.production-events.v1";
  private static final String TOPIC = "plants/P1/devices/torque-tool-7/measurements";
  private static final String CONNECTED = "ingest_mqtt_connected";
  private static final String RECONNECTS = "ingest_mqtt_reconnects_total";

  /**
   * Readings queued during the cut: Mosquitto's default queue per client, delivered in one burst
   * (far more than the connector's default buffer of 128 holds).
   */
  private static final int BACKLOG = 1000;

  /** Ingest's way to the broker (the device's is direct). */
  CuttableRelay relay;

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void deliversTheReadingsPublishedWhileIngestWasCutOffOnceItReconnects(StackEndpoints stack)
      throws Exception {
    String serial = "SN-RECONNECT-" + UUID.randomUUID().toString().substring(0, 8);
    try (MqttTestClient device = MqttTestClient.connect(stack, "torque-tool-7");
        TopicReader<ProductionEvent> events =
            TopicReader.avro(stack, EVENTS, ProductionEvent.class)) {
      // 1. A first reading, published until seen: ingest is connected and subscribed.
      device.awaitIngestSubscribed(TOPIC, serial, events);
      double reconnectsBefore = ScrapedMetrics.count(RECONNECTS, "");

      // 2. The network between ingest and the broker fails; ingest notices.
      relay.cut();
      ScrapedMetrics.await(CONNECTED, "", 0, Duration.ofSeconds(20));

      // 3. The device publishes a backlog (QoS 1) while ingest is away: none reaches Kafka.
      Set<UUID> backlog = new HashSet<>();
      for (int i = 0; i < BACKLOG; i++) {
        UUID reading = UUID.randomUUID();
        backlog.add(reading);
        device.publish(
            TOPIC, Events.torqueReading(reading, serial).getBytes(StandardCharsets.UTF_8));
      }
      assertThat(events.drain(r -> backlog.contains(r.value().getEventId()), Duration.ofSeconds(2)))
          .isEmpty();

      // 4. The network is back: ingest reconnects and the broker delivers the whole backlog. QoS 1
      //    is at least once: a reading may arrive twice (same eventId, which the gate dedups).
      relay.restore();
      Set<UUID> delivered = new HashSet<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!delivered.containsAll(backlog) && System.nanoTime() < deadline) {
        events
            .drain(r -> backlog.contains(r.value().getEventId()), Duration.ofSeconds(1))
            .forEach(r -> delivered.add(r.value().getEventId()));
      }
      assertThat(delivered).isEqualTo(backlog);

      // 5. The reconnect is counted.
      ScrapedMetrics.await(CONNECTED, "", 1, Duration.ofSeconds(20));
      assertThat(ScrapedMetrics.count(RECONNECTS, "")).isGreaterThanOrEqualTo(reconnectsBefore + 1);
    }
  }
}
