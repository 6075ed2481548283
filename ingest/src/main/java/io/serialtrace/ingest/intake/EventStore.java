package io.serialtrace.ingest.intake;

import io.serialtrace.schemas.ProductionEvent;
import java.util.concurrent.CompletableFuture;

/** Where the intake policy stores a checked event: Kafka, through {@code KafkaEventStore}. */
@FunctionalInterface
public interface EventStore {
  /** Completes once Kafka acknowledged the event; fails when it was not stored. */
  CompletableFuture<Void> store(ProductionEvent event);
}
