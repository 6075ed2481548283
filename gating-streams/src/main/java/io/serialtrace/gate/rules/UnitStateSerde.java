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
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
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
    register(avro, Route.class);
    register(avro, Violation.class);
    register(avro, ProductionEvent.class); // events parked behind a claim
    return new ObjectMapper()
        .registerModule(new Jdk8Module())
        .registerModule(new JavaTimeModule())
        .registerModule(avro)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  private static <T extends SpecificRecordBase> void register(SimpleModule module, Class<T> type) {
    SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(type);
    SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
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
