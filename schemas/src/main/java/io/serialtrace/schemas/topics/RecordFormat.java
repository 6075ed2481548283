package io.serialtrace.schemas.topics;

import org.apache.avro.specific.SpecificRecord;

/** How a topic's keys or values are written. */
public sealed interface RecordFormat {

  /** Keys of the unit-keyed topics. */
  RecordFormat UNIT_SERIAL = new Text("unit serial");

  /** A UTF-8 string ({@code StringSerializer}) holding what {@code holds} says. */
  record Text(String holds) implements RecordFormat {}

  /** An Avro record of this generated class, framed with its schema's registry id. */
  record Avro(Class<? extends SpecificRecord> type) implements RecordFormat {}

  /** Bytes exactly as they arrived, unparsed ({@code ByteArraySerializer}): dead letters. */
  record RawBytes(String holds) implements RecordFormat {}

  static RecordFormat text(String holds) {
    return new Text(holds);
  }

  static RecordFormat avro(Class<? extends SpecificRecord> type) {
    return new Avro(type);
  }

  static RecordFormat rawBytes(String holds) {
    return new RawBytes(holds);
  }

  /** One line for documentation, e.g. {@code string (unit serial)} or {@code avro Route}. */
  default String describe() {
    return switch (this) {
      case Text text -> "string (" + text.holds() + ")";
      case Avro avro -> "avro " + avro.type().getSimpleName();
      case RawBytes raw -> "bytes (" + raw.holds() + ")";
    };
  }
}
