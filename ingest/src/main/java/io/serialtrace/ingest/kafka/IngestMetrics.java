package io.serialtrace.ingest.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.serialtrace.schemas.EventSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The service's own meters (Prometheus at {@code /q/metrics}): {@code ingest_events_accepted_total}
 * by channel, {@code ingest_events_rejected_total} by channel and reason, {@code
 * ingest_dead_letters_total} by reason, {@code ingest_kafka_ack_seconds}, the time from receipt to
 * Kafka's acknowledgement, {@code ingest_mqtt_reconnects_total}, each time the MQTT connection came
 * back after it was lost, {@code ingest_mqtt_connected}, 1 while it is up, and {@code
 * ingest_mqtt_unacknowledged}, the QoS 1 messages received from the broker and not acknowledged to
 * it yet (not yet stored or dead-lettered: the broker delivers them again if ingest dies now).
 */
@ApplicationScoped
public class IngestMetrics {
  private static final String MQTT_CONNECTED = "ingest.mqtt.connected";
  private static final String MQTT_UNACKNOWLEDGED = "ingest.mqtt.unacknowledged";

  private final MeterRegistry registry;
  private final Timer ackLatency;
  private final AtomicInteger mqttUnacknowledged = new AtomicInteger();

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.ackLatency =
        Timer.builder("ingest.kafka.ack")
            .description("Receipt to Kafka acknowledgement of an accepted event")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    // Replaces a gauge of an earlier start in this JVM, as for the connection gauge below.
    registry.find(MQTT_UNACKNOWLEDGED).meters().forEach(registry::remove);
    Gauge.builder(MQTT_UNACKNOWLEDGED, mqttUnacknowledged::get)
        .description("MQTT messages received and not yet acknowledged to the broker")
        .register(registry);
  }

  /** A QoS 1 message came from the broker; it is acknowledged once stored or dead-lettered. */
  public void mqttReceived() {
    mqttUnacknowledged.incrementAndGet();
  }

  /** A message counted by {@link #mqttReceived} was acknowledged to the broker. */
  public void mqttAcknowledged() {
    mqttUnacknowledged.decrementAndGet();
  }

  public void accepted(EventSource channel, int count) {
    registry.counter("ingest.events.accepted", "channel", channel.name()).increment(count);
  }

  public void rejected(EventSource channel, String reason, int count) {
    registry
        .counter("ingest.events.rejected", "channel", channel.name(), "reason", reason)
        .increment(count);
  }

  public void deadLettered(String reason) {
    registry.counter("ingest.dead.letters", "reason", reason).increment();
  }

  /** The MQTT connection came back after it was lost. */
  public void mqttReconnected() {
    registry.counter("ingest.mqtt.reconnects").increment();
  }

  /** Registers the MQTT connection's state (1 up, 0 down) and the reconnect count, both at 0. */
  public void watchMqttConnection(BooleanSupplier connected) {
    // Replaces a gauge of an earlier start in this JVM (tests restart the app; Quarkus keeps the
    // global registry's meters, and a gauge reading a stopped client would win).
    registry.find(MQTT_CONNECTED).meters().forEach(registry::remove);
    Gauge.builder(MQTT_CONNECTED, () -> connected.getAsBoolean() ? 1 : 0)
        .description("1 while ingest's MQTT connection is up")
        .register(registry);
    registry.counter("ingest.mqtt.reconnects");
  }

  public void ackLatency(Duration latency) {
    ackLatency.record(latency);
  }
}
