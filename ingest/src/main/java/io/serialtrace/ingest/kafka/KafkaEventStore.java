package io.serialtrace.ingest.kafka;

import io.serialtrace.ingest.config.IngestSettings;
import io.serialtrace.ingest.intake.EventStore;
import io.serialtrace.ingest.mqtt.StationBindings;
import io.serialtrace.schemas.ProductionEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The intake's {@link EventStore}: sends a checked event to Kafka once ({@link Publications}: a
 * retry of an event still in flight or already stored sends nothing) and, once acknowledged, counts
 * it and lets the station bindings learn from it (so only stored events move a unit between
 * stations).
 */
@ApplicationScoped
public class KafkaEventStore implements EventStore {
  private final EventPublisher publisher;
  private final IngestMetrics metrics;
  private final StationBindings bindings;
  private final Publications publications;

  public KafkaEventStore(
      EventPublisher publisher,
      IngestMetrics metrics,
      StationBindings bindings,
      IngestSettings settings) {
    this.publisher = publisher;
    this.metrics = metrics;
    this.bindings = bindings;
    this.publications = new Publications(settings.publications().remembered());
  }

  @Override
  public CompletableFuture<Void> store(ProductionEvent event) {
    return publications.once(event.getEventId(), event.getRawPayload(), () -> publish(event));
  }

  private CompletableFuture<Void> publish(ProductionEvent event) {
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
