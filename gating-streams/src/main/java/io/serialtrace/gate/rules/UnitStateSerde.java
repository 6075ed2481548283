package io.serialtrace.gate.rules;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of {@link UnitState} for the unit state store and its changelog: JSON, readable when
 * debugging a changelog, with the embedded Avro records (the pinned Route, raised Violations)
 * carried as base64 Avro binary so they round-trip exactly (likewise the events parked behind a
 * component claim). The state is private to the gate, so it needs no registry; a field added later
 * must be optional to read older changelog entries. The JSON is the flat {@link UnitStateJson}, not
 * the grouped record, so its form does not follow code refactorings.
 */
public final class UnitStateSerde implements Serde<UnitState> {

  private static final ObjectMapper MAPPER = mapper();

  /** The last Violation field the unit store keeps ({@link #storedViolationSchema}). */
  private static final String LAST_STORED_FIELD = "disposition";

  @Override
  public Serializer<UnitState> serializer() {
    return (topic, state) -> {
      if (state == null) {
        return null; // a tombstone stays a tombstone
      }
      try {
        return MAPPER.writeValueAsBytes(UnitStateJson.of(state));
      } catch (IOException e) {
        throw new SerializationException("cannot write UnitState of " + state.serial(), e);
      }
    };
  }

  @Override
  public Deserializer<UnitState> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return MAPPER.readValue(bytes, UnitStateJson.class).toState();
      } catch (IOException e) {
        throw new SerializationException("cannot read UnitState from " + topic, e);
      }
    };
  }

  private static ObjectMapper mapper() {
    SimpleModule avro = new SimpleModule("embedded-avro");
    register(avro, Route.class, Route.getClassSchema());
    register(avro, Violation.class, storedViolationSchema());
    // Events parked behind a claim wait minutes at most; stopping the gate with parked events
    // during an upgrade that adds an event field would need a fixed stored form like Violation's.
    register(avro, ProductionEvent.class, ProductionEvent.getClassSchema());
    return new ObjectMapper()
        .registerModule(new Jdk8Module())
        .registerModule(new JavaTimeModule())
        .registerModule(avro)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /**
   * A raised Violation as the unit store keeps it: the fields up to {@value #LAST_STORED_FIELD},
   * those it had when this form was fixed. The embedded bytes carry no schema, so the stored form
   * must not follow the topic schema: a field added to Violation later (the end of a violation:
   * acknowledgement, endedAt) is left out when writing and read back as its default, and states
   * written before it existed still read. A violation open on a unit is OPEN, so nothing it holds
   * is lost. (Codes and statuses are only ever appended to their enums, so their ordinals, which
   * are what the bytes hold, do not move.)
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

  /** Avro binary written with {@code stored}, read into {@code type} by schema resolution. */
  private static <T extends SpecificRecordBase> void register(
      SimpleModule module, Class<T> type, Schema stored) {
    SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(stored);
    SpecificDatumReader<T> reader =
        new SpecificDatumReader<>(stored, SpecificData.get().getSchema(type));
    module.addSerializer(
        type,
        new JsonSerializer<T>() {
          @Override
          public void serialize(T value, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(value, encoder);
            encoder.flush();
            gen.writeBinary(out.toByteArray());
          }
        });
    module.addDeserializer(
        type,
        new JsonDeserializer<T>() {
          @Override
          public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            byte[] bytes = p.getBinaryValue();
            try {
              return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        });
  }
}
