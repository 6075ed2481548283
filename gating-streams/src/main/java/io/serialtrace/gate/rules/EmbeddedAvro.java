package io.serialtrace.gate.rules;

import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * An Avro record kept inside a {@link UnitState} (both the binary and the old JSON form): plain
 * Avro binary in a fixed stored schema, read into the generated class by schema resolution. The
 * bytes carry no schema, so the stored schema must not follow the topic schema.
 *
 * @param <T> the generated class
 */
final class EmbeddedAvro<T extends SpecificRecordBase> {

  /** The last Violation field the unit store keeps ({@link #storedViolationSchema}). */
  private static final String LAST_STORED_FIELD = "disposition";

  /** A raised violation open on a unit. */
  static final EmbeddedAvro<Violation> VIOLATION =
      new EmbeddedAvro<>(Violation.class, storedViolationSchema());

  /**
   * An event parked behind a claim. They wait minutes at most; stopping the gate with parked events
   * during an upgrade that adds an event field would need a fixed stored form like Violation's.
   */
  static final EmbeddedAvro<ProductionEvent> EVENT =
      new EmbeddedAvro<>(ProductionEvent.class, ProductionEvent.getClassSchema());

  /** The route copy the JSON form of earlier gates kept in every state. */
  static final EmbeddedAvro<Route> LEGACY_ROUTE =
      new EmbeddedAvro<>(Route.class, Route.getClassSchema());

  private final SpecificDatumWriter<T> writer;
  private final SpecificDatumReader<T> reader;

  private EmbeddedAvro(Class<T> type, Schema stored) {
    this.writer = new SpecificDatumWriter<>(stored);
    this.reader = new SpecificDatumReader<>(stored, SpecificData.get().getSchema(type));
  }

  byte[] write(T value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    writer.write(value, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  T read(byte[] bytes) throws IOException {
    return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
  }

  /**
   * A raised Violation as the unit store keeps it: the fields up to {@value #LAST_STORED_FIELD},
   * those it had when this form was fixed. A field added to Violation later (the end of a
   * violation: acknowledgement, endedAt) is left out when writing and read back as its default, and
   * states written before it existed still read. A violation open on a unit is OPEN, so nothing it
   * holds is lost. (Codes and statuses are only ever appended to their enums, so their ordinals,
   * which are what the bytes hold, do not move.)
   */
  static Schema storedViolationSchema() {
    Schema current = Violation.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
      if (f.name().equals(LAST_STORED_FIELD)) {
        return Schema.createRecord(
            current.getName(), current.getDoc(), current.getNamespace(), false, fields);
      }
    }
    throw new IllegalStateException("Violation has no field " + LAST_STORED_FIELD);
  }
}
