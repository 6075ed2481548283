package io.serialtrace.ingest.kafka;

import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Writes to Kafka through SmallRye Reactive Messaging and reports Kafka's acknowledgement: each
 * returned future completes only when the broker has the record ({@code acks=all}, idempotent
 * producer: see application.properties), and fails when the producer gives up ({@code
 * delivery.timeout.ms}) or the bounded emitter buffer is full. Callers answer "stored" only on
 * completion.
 */
@ApplicationScoped
public class EventPublisher {
  /** Records waiting for the producer; a full buffer fails the send at once (then 503). */
  private static final long BUFFER = 4096;

  private final Emitter<ProductionEvent> productionEvents;
  private final Emitter<Route> routes;
  private final Emitter<byte[]> deadLetters;

  public EventPublisher(
      @Channel("production-events")
          @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
          Emitter<ProductionEvent> productionEvents,
      @Channel("routes") Emitter<Route> routes,
      @Channel("dead-letters") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
          Emitter<byte[]> deadLetters) {
    this.productionEvents = productionEvents;
    this.routes = routes;
    this.deadLetters = deadLetters;
  }

  /** Sends one event keyed by serial. */
  public CompletableFuture<Void> publish(ProductionEvent event) {
    return send(productionEvents, event, event.getSerial(), Map.of());
  }

  /** Sends one released route keyed by product (the compacted topic keeps the latest). */
  public CompletableFuture<Void> publish(Route route) {
    return send(routes, route, route.getProduct(), Map.of());
  }

  /** Sends unreadable input with its raw bytes as value and why/where in headers. */
  public CompletableFuture<Void> deadLetter(String key, byte[] raw, Map<String, String> headers) {
    return send(deadLetters, raw, key, headers);
  }

  private static <T> CompletableFuture<Void> send(
      Emitter<T> emitter, T value, String key, Map<String, String> headers) {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    RecordHeaders kafkaHeaders = new RecordHeaders();
    headers.forEach((name, text) -> kafkaHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
    OutgoingKafkaRecordMetadata<String> metadata =
        OutgoingKafkaRecordMetadata.<String>builder()
            .withKey(key)
            .withHeaders(kafkaHeaders)
            .build();
    Message<T> message =
        Message.of(
            value,
            Metadata.of(metadata),
            () -> {
              stored.complete(null);
              return CompletableFuture.completedFuture(null);
            },
            failure -> {
              stored.completeExceptionally(failure);
              return CompletableFuture.completedFuture(null);
            });
    try {
      emitter.send(message);
    } catch (RuntimeException e) {
      // Buffer full or the channel is down: not stored, and the caller must say so.
      stored.completeExceptionally(e);
    }
    return stored;
  }
}
