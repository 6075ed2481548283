package io.serialtrace.sink.delivery;

import io.serialtrace.sink.batch.OffsetRange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Committed offsets and their metadata, as the group coordinator keeps them, in memory. */
public final class InMemoryDeliveryStateStore implements DeliveryStateStore {
  private record Commit(long offset, String metadata) {}

  private final Map<String, Commit> commits = new HashMap<>();

  @Override
  public synchronized DeliveryState read(String topic, int partition) {
    Commit commit = commits.get(topic + "-" + partition);
    return commit == null
        ? new DeliveryState.Fresh()
        : DeliveryState.fromCommit(topic, partition, commit.offset(), commit.metadata());
  }

  @Override
  public synchronized void markPending(List<OffsetRange> ranges) {
    for (OffsetRange range : ranges) {
      commits.put(
          range.topic() + "-" + range.partition(),
          new Commit(range.first(), DeliveryState.pendingMetadata(range)));
    }
  }

  @Override
  public synchronized void markStored(List<OffsetRange> ranges) {
    for (OffsetRange range : ranges) {
      commits.put(
          range.topic() + "-" + range.partition(),
          new Commit(range.nextOffset(), DeliveryState.storedMetadata(range)));
    }
  }
}
