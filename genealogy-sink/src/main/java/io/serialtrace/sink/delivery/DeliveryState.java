package io.serialtrace.sink.delivery;

import io.serialtrace.sink.batch.OffsetRange;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is known durably about one topic-partition: nothing yet, everything before an offset stored,
 * or one range whose insert was started and may or may not have landed. Kept in the Kafka commit
 * metadata of the consumer group (see {@link KafkaDeliveryStateStore}), encoded by {@link
 * #metadata()}.
 */
public sealed interface DeliveryState {

  /** Nothing committed for the partition: consumption starts at the earliest offset. */
  record Fresh() implements DeliveryState {}

  /** Every offset below {@code nextOffset} is stored; nothing is in flight. */
  record Stored(long nextOffset) implements DeliveryState {}

  /**
   * The insert of exactly {@code range} was started. It must be redone with exactly this range
   * (same rows, same token) before anything after it, so ClickHouse drops what already landed.
   */
  record Pending(OffsetRange range) implements DeliveryState {}

  Pattern PENDING = Pattern.compile("pending:(\\d+)-(\\d+)");

  /** The in-flight range, if any. */
  default Optional<OffsetRange> pending() {
    return this instanceof Pending p ? Optional.of(p.range()) : Optional.empty();
  }

  /** The commit metadata string of a pending range. */
  static String pendingMetadata(OffsetRange range) {
    return "pending:" + range.first() + "-" + range.last();
  }

  /** The commit metadata string of a stored range (for people reading the group's offsets). */
  static String storedMetadata(OffsetRange range) {
    return "stored:" + range.first() + "-" + range.last();
  }

  /** Reads a committed offset and its metadata back into a state. */
  static DeliveryState fromCommit(String topic, int partition, long offset, String metadata) {
    Matcher pending = PENDING.matcher(metadata == null ? "" : metadata);
    if (pending.matches()) {
      long first = Long.parseLong(pending.group(1));
      long last = Long.parseLong(pending.group(2));
      if (first != offset) {
        throw new IllegalStateException(
            "commit of "
                + topic
                + "-"
                + partition
                + " is at "
                + offset
                + " but names pending range "
                + first
                + "-"
                + last
                + "; the metadata was written by something else");
      }
      return new Pending(new OffsetRange(topic, partition, first, last));
    }
    return new Stored(offset);
  }
}
