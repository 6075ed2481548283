package io.serialtrace.sink.batch;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The encoded rows of one table insert, kept in the fixed-size chunks they were written into and
 * streamed from there. A batch's rows run to megabytes: one growing array would be copied at every
 * doubling and once more at the end, each copy an allocation too large for the young generation — a
 * fifth of the sink's building time in its profile.
 */
public final class RowBinary {
  private final List<byte[]> chunks;
  private final int lastLength;
  private final long size;

  /**
   * @param chunks full chunks, then the last one
   * @param lastLength bytes used in the last chunk
   */
  RowBinary(List<byte[]> chunks, int lastLength) {
    this.chunks = List.copyOf(chunks);
    this.lastLength = lastLength;
    long total = 0;
    for (int i = 0; i < this.chunks.size(); i++) {
      total += i == this.chunks.size() - 1 ? lastLength : this.chunks.get(i).length;
    }
    this.size = total;
  }

  /** Number of bytes. */
  public long size() {
    return size;
  }

  /** The bytes from the first to the last, read from the chunks themselves (no copy). */
  public InputStream stream() {
    List<InputStream> parts = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      byte[] chunk = chunks.get(i);
      parts.add(
          new ByteArrayInputStream(chunk, 0, i == chunks.size() - 1 ? lastLength : chunk.length));
    }
    return new SequenceInputStream(Collections.enumeration(parts));
  }

  /** The bytes as one array (a copy): for tests and small inserts. */
  public byte[] bytes() {
    byte[] all = new byte[Math.toIntExact(size)];
    int at = 0;
    for (int i = 0; i < chunks.size(); i++) {
      int length = i == chunks.size() - 1 ? lastLength : chunks.get(i).length;
      System.arraycopy(chunks.get(i), 0, all, at, length);
      at += length;
    }
    return all;
  }
}
