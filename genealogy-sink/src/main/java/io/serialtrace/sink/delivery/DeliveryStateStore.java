package io.serialtrace.sink.delivery;

import io.serialtrace.sink.batch.OffsetRange;
import java.util.List;

/**
 * Durable bookkeeping of each partition's delivery (after clickhouse-kafka-connect's
 * StateProvider). The production implementation is {@link KafkaDeliveryStateStore}; tests use an
 * in-memory one.
 */
public interface DeliveryStateStore {
  DeliveryState read(String topic, int partition);

  /**
   * Durably records that the inserts of {@code ranges} (at most one per partition) start now: one
   * write for all of them. Nothing to do when the list is empty.
   */
  void markPending(List<OffsetRange> ranges);

  /**
   * Durably records that {@code ranges} (at most one per partition) are stored: each partition's
   * committed offset moves past its range, in one write for all. Nothing to do when empty.
   */
  void markStored(List<OffsetRange> ranges);
}
