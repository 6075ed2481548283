package io.serialtrace.ingest.kafka;

import io.serialtrace.ingest.intake.EventStore;
import io.serialtrace.ingest.mqtt.StationBindings;
import io.serialtrace.schemas.ProductionEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The intake's {@link EventStore}: sends a checked event to Kafka and, once acknowledged, counts it
 * and lets the station bindings learn from it (so only stored events move a unit between stations).
 */
@ApplicationScoped
public class KafkaEventStore implements EventStore {
  private final EventPublisher publisher;
  private final IngestMetrics metrics;
  private final StationBindings bindings;

  public KafkaEventStore(
      EventPublisher publisher, IngestMetrics metrics, StationBindings bindings) {
    this.publisher = publisher;
    this.metrics = metrics;
    this.bindings = bindings;
  }

  @Override
  public CompletableFuture<Void> store(ProductionEvent event) {
    long started = System.nanoTime();
    return publisher
        .publish(event)
        .thenRun(
            () -> {
              metrics.accepted(event.getSource(), 1);
              metrics.ackLatency(Duration.ofNanos(System.nanoTime() - started));
              bindings.observe(event);
            });
  }
}
