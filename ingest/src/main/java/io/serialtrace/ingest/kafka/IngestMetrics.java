package io.serialtrace.ingest.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.serialtrace.schemas.EventSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The service's own meters (Prometheus at {@code /q/metrics}): {@code ingest_events_accepted_total}
 * by channel, {@code ingest_events_rejected_total} by channel and reason, {@code
 * ingest_dead_letters_total} by reason, and {@code ingest_kafka_ack_seconds}, the time from receipt
 * to Kafka's acknowledgement.
 */
@ApplicationScoped
public class IngestMetrics {
  private final MeterRegistry registry;
  private final Timer ackLatency;

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.ackLatency =
        Timer.builder("ingest.kafka.ack")
            .description("Receipt to Kafka acknowledgement of an accepted event")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
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

  public void ackLatency(Duration latency) {
    ackLatency.record(latency);
  }
}
