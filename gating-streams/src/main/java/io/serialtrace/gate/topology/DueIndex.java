package io.serialtrace.gate.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the time-index stores: the due instant as 8 big-endian bytes of epoch microseconds, then
 * the id (serial or eventId). Stores iterate keys in unsigned byte order, which is time order for
 * instants after 1970, so a punctuator reads only what is due.
 */
final class DueIndex {

  private DueIndex() {}

  static Bytes key(Instant due, String id) {
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(
        ByteBuffer.allocate(Long.BYTES + idBytes.length).putLong(micros(due)).put(idBytes).array());
  }

  /** Lowest possible key. */
  static Bytes first() {
    return Bytes.wrap(new byte[0]);
  }

  /**
   * Upper bound (inclusive) for everything due at or before {@code now}: the next microsecond with
   * no id, which sorts before every key of that microsecond.
   */
  static Bytes dueBy(Instant now) {
    return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(micros(now) + 1).array());
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }
}
