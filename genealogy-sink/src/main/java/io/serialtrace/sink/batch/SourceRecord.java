package io.serialtrace.sink.batch;

import java.util.Optional;

/**
 * One Kafka record as consumed, still raw: the sink deserializes it itself so that a record it
 * cannot read is kept byte for byte for the dead-letter topic.
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param key raw key bytes, empty when the record had no key
 * @param value raw value bytes, empty for a tombstone
 */
public record SourceRecord(
    String topic, int partition, long offset, Optional<byte[]> key, Optional<byte[]> value) {

  /** The key as text for messages (keys are serials in UTF-8), or {@code <none>}. */
  public String keyText() {
    return key.map(k -> new String(k, java.nio.charset.StandardCharsets.UTF_8)).orElse("<none>");
  }

  /** topic/partition/offset/key, the prefix of every message about this record. */
  public String where() {
    return "topic=" + topic + " partition=" + partition + " offset=" + offset + " key=" + keyText();
  }
}
