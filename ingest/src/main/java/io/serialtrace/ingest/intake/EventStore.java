package io.serialtrace.ingest.intake;

import io.serialtrace.schemas.ProductionEvent;
import java.util.concurrent.CompletableFuture;

/** Where the intake policy stores a checked event: Kafka, through {@code KafkaEventStore}. */
@FunctionalInterface
public interface EventStore {
  /**
   * Completes once Kafka acknowledged the event; fails when Kafka gave up on it. An event with the
   * eventId and bytes of one already stored, or still being stored, is not sent again: the result
   * is that of the first.
   */
  CompletableFuture<Void> store(ProductionEvent event);
}
