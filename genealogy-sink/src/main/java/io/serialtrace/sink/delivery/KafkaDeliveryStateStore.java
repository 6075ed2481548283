package io.serialtrace.sink.delivery;

import io.serialtrace.sink.batch.OffsetRange;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Keeps each partition's delivery state in the consumer group's committed offsets: the committed
 * offset is where consumption resumes, and its metadata names a pending range. One synchronous
 * commit marks a range pending, a second marks it stored. Kafka's group coordinator makes both
 * atomic per partition and visible to whichever instance owns the partition next. Must be used on
 * the consumer's own thread.
 */
public final class KafkaDeliveryStateStore implements DeliveryStateStore {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final Consumer<?, ?> consumer;

  public KafkaDeliveryStateStore(Consumer<?, ?> consumer) {
    this.consumer = consumer;
  }

  @Override
  public DeliveryState read(String topic, int partition) {
    TopicPartition tp = new TopicPartition(topic, partition);
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(tp), TIMEOUT);
      OffsetAndMetadata commit = committed.get(tp);
      if (commit == null) {
        return new DeliveryState.Fresh();
      }
      return DeliveryState.fromCommit(topic, partition, commit.offset(), commit.metadata());
    } catch (RetriableException e) {
      throw new SinkFailure.Retriable(
          "reading the committed offset of " + tp + " failed: " + e.getMessage(), e);
    } catch (KafkaException e) {
      throw new SinkFailure.Fatal(
          "reading the committed offset of " + tp + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void markPending(List<OffsetRange> ranges) {
    commit(ranges, OffsetRange::first, DeliveryState::pendingMetadata);
  }

  @Override
  public void markStored(List<OffsetRange> ranges) {
    commit(ranges, OffsetRange::nextOffset, DeliveryState::storedMetadata);
  }

  /**
   * One synchronous commit of every range's offset with its metadata. The coordinator applies each
   * partition's commit atomically; should only some apply before an error, every range is redone
   * (re-marking is idempotent, a replayed insert is dropped by its token).
   */
  private void commit(
      List<OffsetRange> ranges,
      ToLongFunction<OffsetRange> offset,
      Function<OffsetRange, String> metadata) {
    if (ranges.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
    for (OffsetRange range : ranges) {
      TopicPartition tp = new TopicPartition(range.topic(), range.partition());
      OffsetAndMetadata previous =
          offsets.put(tp, new OffsetAndMetadata(offset.applyAsLong(range), metadata.apply(range)));
      if (previous != null) {
        throw new IllegalArgumentException("two ranges of " + tp + " in one commit: " + ranges);
      }
    }
    String what =
        "commit of "
            + offsets.values().stream().map(OffsetAndMetadata::metadata).toList()
            + " for "
            + offsets.keySet();
    try {
      consumer.commitSync(offsets, TIMEOUT);
    } catch (RetriableException | RebalanceInProgressException e) {
      throw new SinkFailure.Retriable(what + " failed: " + e.getMessage(), e);
    } catch (KafkaException e) {
      // CommitFailedException (partitions revoked) lands here: the batches are abandoned; the new
      // owners find the last durable state and replay from it under the same tokens.
      throw new PartitionLost(what + " failed: " + e.getMessage(), e);
    }
  }

  /** The partition is no longer ours; its new owner takes over from the committed state. */
  public static final class PartitionLost extends RuntimeException {
    PartitionLost(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
