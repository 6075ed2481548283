package io.serialtrace.sink.delivery;

import io.serialtrace.sink.batch.OffsetRange;
import java.util.List;
import java.util.Optional;

/**
 * Decides, purely, which offset range of a partition's buffer to deliver next. A pending range is
 * always redone exactly (never split, never extended), whatever boundaries this poll happens to
 * have: that is what keeps a replay after a crash or a rebalance byte-identical. Otherwise a range
 * is cut when the buffer is full, or when its oldest record has waited long enough and nothing more
 * of the partition is waiting in Kafka: a sink catching up on a backlog fills its batches instead
 * of cutting whatever the last fetch happened to bring (inserts of one fetch, a few hundred rows,
 * where a full batch was there to read).
 */
public final class BatchCut {
  private BatchCut() {}

  /** A range to deliver, and whether it replays the pending one. */
  public record Cut(OffsetRange range, boolean replay) {}

  /**
   * @param pending the partition's pending range, if any
   * @param buffered offsets buffered for the partition, ascending, all at or after the committed
   *     offset
   * @param position the consumer's position (next offset it will fetch) for the partition
   * @param maxRecords batch size limit
   * @param waitedEnough whether the oldest buffered record has waited the maximum time
   * @param caughtUp whether the buffer holds everything the partition has in Kafka (the consumer's
   *     lag is 0, or not known)
   */
  public static Optional<Cut> decide(
      String topic,
      int partition,
      Optional<OffsetRange> pending,
      List<Long> buffered,
      long position,
      int maxRecords,
      boolean waitedEnough,
      boolean caughtUp) {
    if (pending.isPresent()) {
      OffsetRange range = pending.get();
      // Read past the range's end (or to its last record): every record of it is buffered.
      boolean covered =
          position > range.last() || (!buffered.isEmpty() && buffered.getLast() >= range.last());
      return covered ? Optional.of(new Cut(range, true)) : Optional.empty();
    }
    if (buffered.isEmpty()) {
      return Optional.empty();
    }
    if (buffered.size() >= maxRecords) {
      return Optional.of(
          new Cut(
              new OffsetRange(topic, partition, buffered.getFirst(), buffered.get(maxRecords - 1)),
              false));
    }
    if (waitedEnough && caughtUp) {
      return Optional.of(
          new Cut(
              new OffsetRange(topic, partition, buffered.getFirst(), buffered.getLast()), false));
    }
    return Optional.empty();
  }
}
