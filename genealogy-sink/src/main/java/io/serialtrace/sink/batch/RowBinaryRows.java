package io.serialtrace.sink.batch;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Rows of one table encoded in ClickHouse's RowBinary format, column by column in the order of
 * {@link SinkTable#columns()}. Every write names its column and is checked against that order, so a
 * mapping that skips or swaps a column fails in unit tests instead of writing garbage.
 *
 * <p>Encoding (ClickHouse docs, RowBinary): String = LEB128 length + UTF-8 bytes (also
 * LowCardinality(String)); Nullable(T) = one byte 1 for NULL, or 0 followed by T; integers and
 * Float64 little-endian; DateTime64(6) = Int64 microseconds since the epoch; UUID = the high then
 * the low 64 bits, each little-endian.
 */
public final class RowBinaryRows {
  /** Chunk size: under half a G1 region of a small heap, so never a humongous allocation. */
  private static final int CHUNK = 64 * 1024;

  private final SinkTable table;
  private final List<String> columns;
  private final List<byte[]> chunks = new ArrayList<>();
  private byte[] chunk = new byte[CHUNK];
  private int position;
  private int column;
  private int rows;

  public RowBinaryRows(SinkTable table) {
    this.table = table;
    this.columns = table.columns();
  }

  public SinkTable table() {
    return table;
  }

  public int rowCount() {
    return rows;
  }

  /** The encoded rows; call after the last {@link #endRow()}. */
  public RowBinary data() {
    if (column != 0) {
      throw new IllegalStateException(table + ": row " + rows + " is not finished");
    }
    List<byte[]> all = new ArrayList<>(chunks);
    all.add(chunk);
    return new RowBinary(all, position);
  }

  /** The encoded rows as one array (a copy); call after the last {@link #endRow()}. */
  public byte[] bytes() {
    return data().bytes();
  }

  public void endRow() {
    if (column != columns.size()) {
      throw new IllegalStateException(
          table + ": row ended after " + column + " of " + columns.size() + " columns");
    }
    column = 0;
    rows++;
  }

  public RowBinaryRows string(String name, String value) {
    next(name);
    writeString(value);
    return this;
  }

  public RowBinaryRows nullableString(String name, String value) {
    next(name);
    if (value == null) {
      writeByte(1);
    } else {
      writeByte(0);
      writeString(value);
    }
    return this;
  }

  /** A String column holding arbitrary bytes (ClickHouse Strings are byte strings). */
  public RowBinaryRows byteString(String name, byte[] value) {
    next(name);
    writeVarint(value.length);
    writeRaw(value);
    return this;
  }

  public RowBinaryRows nullableBytes(String name, byte[] value) {
    next(name);
    if (value == null) {
      writeByte(1);
    } else {
      writeByte(0);
      writeVarint(value.length);
      writeRaw(value);
    }
    return this;
  }

  public RowBinaryRows uint8(String name, int value) {
    next(name);
    writeByte(value);
    return this;
  }

  public RowBinaryRows int32(String name, int value) {
    next(name);
    writeLong(value, 4);
    return this;
  }

  public RowBinaryRows uint32(String name, long value) {
    next(name);
    writeLong(value, 4);
    return this;
  }

  public RowBinaryRows uint64(String name, long value) {
    next(name);
    writeLong(value, 8);
    return this;
  }

  public RowBinaryRows float64(String name, double value) {
    next(name);
    writeLong(Double.doubleToRawLongBits(value), 8);
    return this;
  }

  public RowBinaryRows nullableFloat64(String name, Double value) {
    next(name);
    if (value == null) {
      writeByte(1);
    } else {
      writeByte(0);
      writeLong(Double.doubleToRawLongBits(value), 8);
    }
    return this;
  }

  public RowBinaryRows dateTime64(String name, Instant value) {
    next(name);
    writeLong(micros(value), 8);
    return this;
  }

  public RowBinaryRows nullableDateTime64(String name, Instant value) {
    next(name);
    if (value == null) {
      writeByte(1);
    } else {
      writeByte(0);
      writeLong(micros(value), 8);
    }
    return this;
  }

  public RowBinaryRows uuid(String name, UUID value) {
    next(name);
    writeUuid(value);
    return this;
  }

  public RowBinaryRows nullableUuid(String name, UUID value) {
    next(name);
    if (value == null) {
      writeByte(1);
    } else {
      writeByte(0);
      writeUuid(value);
    }
    return this;
  }

  private void next(String name) {
    if (column >= columns.size() || !columns.get(column).equals(name)) {
      throw new IllegalStateException(
          table
              + ": wrote column '"
              + name
              + "' where '"
              + (column < columns.size() ? columns.get(column) : "<end of row>")
              + "' belongs");
    }
    column++;
  }

  private static long micros(Instant value) {
    return Math.addExact(
        Math.multiplyExact(value.getEpochSecond(), 1_000_000L), value.getNano() / 1_000);
  }

  private void writeUuid(UUID value) {
    writeLong(value.getMostSignificantBits(), 8);
    writeLong(value.getLeastSignificantBits(), 8);
  }

  private void writeString(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    writeVarint(utf8.length);
    writeRaw(utf8);
  }

  private void writeVarint(int value) {
    long v = value & 0xffffffffL;
    while (v >= 0x80) {
      writeByte((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    writeByte((int) v);
  }

  private void writeLong(long value, int bytes) {
    if (position + bytes > CHUNK) {
      for (int i = 0; i < bytes; i++) {
        writeByte((int) (value >>> (8 * i)));
      }
      return;
    }
    for (int i = 0; i < bytes; i++) {
      chunk[position++] = (byte) (value >>> (8 * i));
    }
  }

  private void writeByte(int value) {
    if (position == CHUNK) {
      nextChunk();
    }
    chunk[position++] = (byte) value;
  }

  private void writeRaw(byte[] bytes) {
    int written = 0;
    while (written < bytes.length) {
      if (position == CHUNK) {
        nextChunk();
      }
      int length = Math.min(bytes.length - written, CHUNK - position);
      System.arraycopy(bytes, written, chunk, position, length);
      position += length;
      written += length;
    }
  }

  private void nextChunk() {
    chunks.add(chunk);
    chunk = new byte[CHUNK];
    position = 0;
  }
}
