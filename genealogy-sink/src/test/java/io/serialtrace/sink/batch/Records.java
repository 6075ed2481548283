package io.serialtrace.sink.batch;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** Decoded test records at given offsets. */
public final class Records {
  private Records() {}

  public static Decoded value(String topic, int partition, long offset, SpecificRecord value) {
    return new Decoded.Value(source(topic, partition, offset), value);
  }

  public static Decoded garbage(String topic, int partition, long offset) {
    return new Decoded.Undecodable(source(topic, partition, offset), "cannot deserialize: magic");
  }

  public static SourceRecord source(String topic, int partition, long offset) {
    return new SourceRecord(
        topic,
        partition,
        offset,
        Optional.of(("SN-" + offset).getBytes(StandardCharsets.UTF_8)),
        Optional.of(new byte[] {0, 1, 2, (byte) offset}));
  }
}
