package io.serialtrace.ingest.kafka;

import io.serialtrace.ingest.mqtt.StationBindings;
import io.serialtrace.schemas.ProductionEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;

/**
 * Stores a validated event: sends it to Kafka and, once acknowledged, counts it and lets the
 * station bindings learn from it (so only stored events move a unit between stations).
 */
@ApplicationScoped
public class EventIntake {
  private final EventPublisher publisher;
  private final IngestMetrics metrics;
  private final StationBindings bindings;
  private final InstantSource clock;

  public EventIntake(
      EventPublisher publisher,
      IngestMetrics metrics,
      StationBindings bindings,
      InstantSource clock) {
    this.publisher = publisher;
    this.metrics = metrics;
    this.bindings = bindings;
    this.clock = clock;
  }

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

  public InstantSource clock() {
    return clock;
  }
}
