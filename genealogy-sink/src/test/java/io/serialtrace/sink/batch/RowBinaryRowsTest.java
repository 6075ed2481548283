package io.serialtrace.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RowBinaryRowsTest {

  @Test
  void encodesStringsNullablesIntegersTimesAndUuidsAsClickHouseRowBinary() {
    // 1. One GENEALOGY_EDGES row with known values.
    RowBinaryRows rows = new RowBinaryRows(SinkTable.GENEALOGY_EDGES);
    rows.string("parent_serial", "P")
        .string("child", "é")
        .string("child_kind", "")
        .nullableString("child_serial", null)
        .nullableString("lot_id", "L")
        .string("edge_type", "I")
        .string("part", "x".repeat(200))
        .int32("qty", -2)
        .string("step_id", "S")
        .string("plant", "A")
        .uuid("event_id", new UUID(0x0102030405060708L, 0x1112131415161718L))
        .dateTime64("event_time", Instant.ofEpochSecond(1, 2_000))
        .uint32("kafka_partition", 3)
        .uint64("kafka_offset", 258)
        .endRow();

    // 2. Expected bytes, field by field.
    byte[] bytes = rows.bytes();
    int i = 0;
    assertThat(slice(bytes, i, 2)).containsExactly(1, 'P');
    i += 2;
    assertThat(slice(bytes, i, 3)).containsExactly(2, 0xc3, 0xa9); // UTF-8 length, not chars
    i += 3;
    assertThat(slice(bytes, i, 1)).containsExactly(0);
    i += 1;
    assertThat(slice(bytes, i, 1)).containsExactly(1); // NULL
    i += 1;
    assertThat(slice(bytes, i, 3)).containsExactly(0, 1, 'L');
    i += 3;
    i += 2; // edge_type
    assertThat(slice(bytes, i, 2)).containsExactly(0xc8, 0x01); // LEB128 200
    i += 2 + 200;
    assertThat(slice(bytes, i, 4)).containsExactly(0xfe, 0xff, 0xff, 0xff);
    i += 4 + 2 + 2;
    assertThat(slice(bytes, i, 16))
        .containsExactly(8, 7, 6, 5, 4, 3, 2, 1, 0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11);
    i += 16;
    assertThat(slice(bytes, i, 8))
        .containsExactly(0x42, 0x42, 0x0f, 0, 0, 0, 0, 0); // 1000002 µs = 0x0f4242
    i += 8;
    assertThat(slice(bytes, i, 4)).containsExactly(3, 0, 0, 0);
    i += 4;
    assertThat(slice(bytes, i, 8)).containsExactly(2, 1, 0, 0, 0, 0, 0, 0);
    assertThat(bytes).hasSize(i + 8);
    assertThat(rows.rowCount()).isEqualTo(1);
  }

  @Test
  void writesAByteStringAsItsLengthThenTheBytesUnchanged() {
    // 1. A unit_records row whose event_avro is not valid UTF-8.
    byte[] avro = {0x00, (byte) 0xff, (byte) 0xc3, 0x28};

    // 2. Written.
    byte[] written = unitRecordRow(new RowBinaryRows(SinkTable.UNIT_RECORDS), avro);

    // 3. Just before event_avro_stored (1 byte), kafka_partition (4) and kafka_offset (8): LEB128
    //    length, bytes as given.
    int at = written.length - 1 - 4 - 8 - (1 + avro.length);
    assertThat(slice(written, at, 1 + avro.length)).containsExactly(4, 0x00, 0xff, 0xc3, 0x28);
  }

  private static byte[] unitRecordRow(RowBinaryRows rows, byte[] eventAvro) {
    writeUnitRecordRow(rows, eventAvro);
    return rows.bytes();
  }

  private static void writeUnitRecordRow(RowBinaryRows rows, byte[] eventAvro) {
    Instant t = Instant.EPOCH;
    rows.string("serial", "S")
        .uint64("seq", 1)
        .string("plant", "P")
        .string("station", "ST")
        .string("actor", "A")
        .string("actor_type", "OPERATOR")
        .uuid("event_id", new UUID(1, 2))
        .string("event_type", "StepStarted")
        .nullableString("step_id", null)
        .dateTime64("event_time", t)
        .dateTime64("received_time", t)
        .dateTime64("recorded_at", t)
        .string("source", "HTTP")
        .string("prev_hash", "0")
        .string("record_hash", "1")
        .string("route_product", "R")
        .string("route_revision", "C")
        .string("payload", "{}")
        .nullableBytes("raw_payload", null)
        .nullableString("raw_content_type", null)
        .nullableString("reply_to", null)
        .byteString("event_avro", eventAvro)
        .uint8("event_avro_stored", 1)
        .uint32("kafka_partition", 0)
        .uint64("kafka_offset", 0)
        .endRow();
  }

  @Test
  void rowsThatSpanManyChunksReadAsTheSameContiguousBytes() throws Exception {
    // 1. 3,000 rows of ~300 bytes (several 64 KiB chunks; values cross chunk boundaries), and
    //    each row also written alone.
    RowBinaryRows all = new RowBinaryRows(SinkTable.UNIT_RECORDS);
    java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < 3_000; i++) {
      byte[] avro = ("event-" + i + "-" + "x".repeat(i % 251)).getBytes(StandardCharsets.UTF_8);
      writeUnitRecordRow(all, avro);
      expected.write(unitRecordRow(new RowBinaryRows(SinkTable.UNIT_RECORDS), avro));
    }

    // 2. The whole insert, streamed and as one array, is the rows one after the other.
    RowBinary data = all.data();
    assertThat(data.size()).isGreaterThan(4 * 64 * 1024).isEqualTo(expected.size());
    assertThat(data.stream().readAllBytes()).isEqualTo(expected.toByteArray());
    assertThat(data.bytes()).isEqualTo(expected.toByteArray());
    assertThat(all.rowCount()).isEqualTo(3_000);
  }

  @Test
  void refusesAColumnWrittenOutOfOrder() {
    RowBinaryRows rows = new RowBinaryRows(SinkTable.UNITS);

    assertThatThrownBy(() -> rows.string("plant", "A"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'plant' where 'serial' belongs");
  }

  @Test
  void refusesARowWithMissingColumns() {
    RowBinaryRows rows = new RowBinaryRows(SinkTable.UNITS);
    rows.string("serial", "S");

    assertThatThrownBy(rows::endRow).hasMessageContaining("after 1 of 14 columns");
  }

  private static int[] slice(byte[] bytes, int from, int length) {
    int[] out = new int[length];
    for (int k = 0; k < length; k++) {
      out[k] = bytes[from + k] & 0xff;
    }
    return out;
  }
}
