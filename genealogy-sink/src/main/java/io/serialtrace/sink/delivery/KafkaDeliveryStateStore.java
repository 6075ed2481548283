package io.serialtrace.sink.delivery;

import io.serialtrace.sink.batch.OffsetRange;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
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
  public void markPending(OffsetRange range) {
    commit(range, range.first(), DeliveryState.pendingMetadata(range));
  }

  @Override
  public void markStored(OffsetRange range) {
    commit(range, range.nextOffset(), DeliveryState.storedMetadata(range));
  }

  private void commit(OffsetRange range, long offset, String metadata) {
    TopicPartition tp = new TopicPartition(range.topic(), range.partition());
    try {
      consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset, metadata)), TIMEOUT);
    } catch (RetriableException | RebalanceInProgressException e) {
      throw new SinkFailure.Retriable(
          "commit of " + metadata + " for " + tp + " failed: " + e.getMessage(), e);
    } catch (KafkaException e) {
      // CommitFailedException (partition revoked) lands here: the batch is abandoned; the new
      // owner finds the last durable state and replays from it under the same tokens.
      throw new PartitionLost(
          "commit of " + metadata + " for " + tp + " failed: " + e.getMessage(), e);
    }
  }

  /** The partition is no longer ours; its new owner takes over from the committed state. */
  public static final class PartitionLost extends RuntimeException {
    PartitionLost(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
