package io.serialtrace.sink.delivery;

import io.serialtrace.sink.batch.OffsetRange;

/**
 * Durable bookkeeping of each partition's delivery (after clickhouse-kafka-connect's
 * StateProvider). The production implementation is {@link KafkaDeliveryStateStore}; tests use an
 * in-memory one.
 */
public interface DeliveryStateStore {
  DeliveryState read(String topic, int partition);

  /** Durably records that the insert of {@code range} starts now. */
  void markPending(OffsetRange range);

  /** Durably records that {@code range} is stored: the committed offset moves past it. */
  void markStored(OffsetRange range);
}
