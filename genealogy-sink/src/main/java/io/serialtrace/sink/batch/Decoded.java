package io.serialtrace.sink.batch;

import org.apache.avro.specific.SpecificRecord;

/** A source record after deserialization: a value, or the reason it could not be read. */
public sealed interface Decoded {
  SourceRecord source();

  /** Deserialized into the generated Avro class. */
  record Value(SourceRecord source, SpecificRecord value) implements Decoded {}

  /** Not readable (bad bytes, unknown schema id, tombstone): goes to the dead-letter topic. */
  record Undecodable(SourceRecord source, String reason) implements Decoded {}
}
