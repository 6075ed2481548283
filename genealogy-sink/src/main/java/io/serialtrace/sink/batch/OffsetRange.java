package io.serialtrace.sink.batch;

/**
 * The offsets of one batch of one topic-partition, first and last inclusive. Its {@link #token()}
 * is the ClickHouse {@code insert_deduplication_token} of every insert made for it: a replay of the
 * same range produces the same rows and the same token, and ClickHouse drops it.
 */
public record OffsetRange(String topic, int partition, long first, long last) {
  public OffsetRange {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("bad offset range " + first + ".." + last);
    }
  }

  public String token() {
    return topic + ":" + partition + ":" + first + "-" + last;
  }

  /** The offset to commit once this range is stored. */
  public long nextOffset() {
    return last + 1;
  }

  @Override
  public String toString() {
    return token();
  }
}
