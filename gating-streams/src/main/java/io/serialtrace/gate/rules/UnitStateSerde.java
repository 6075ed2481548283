package io.serialtrace.gate.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.Violation;
import java.io.IOException;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of {@link UnitState} for the unit store and its changelog. Writes the compact binary form
 * ({@link UnitStateBinary}: no route copy, the pinned revision named instead); reads it and the
 * JSON form earlier gates wrote ({@link UnitStateJson}, which starts with <code>{</code> and
 * carries the route), so a gate upgraded on an existing store or changelog keeps every unit. A
 * state read here lacks its route unless it is an old JSON one: {@link UnitState#needsRoute()},
 * then {@link UnitState#withRoute}. The state is private to the gate, so it needs no registry.
 */
public final class UnitStateSerde implements Serde<UnitState> {

  private static final ObjectMapper LEGACY = legacyMapper();

  @Override
  public Serializer<UnitState> serializer() {
    return (topic, state) -> {
      if (state == null) {
        return null; // a tombstone stays a tombstone
      }
      try {
        return UnitStateBinary.write(state);
      } catch (IOException | RuntimeException e) {
        throw new SerializationException(
            "cannot write UnitState of " + state.serial() + "; the unit's event is not decided", e);
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
        if (bytes.length > 0 && bytes[0] == '{') {
          return LEGACY.readValue(bytes, UnitStateJson.class).toState();
        }
        return UnitStateBinary.read(bytes);
      } catch (IOException | RuntimeException e) {
        throw new SerializationException(
            "cannot read UnitState from "
                + topic
                + " (neither the binary form nor the JSON form of earlier gates)",
            e);
      }
    };
  }

  private static ObjectMapper legacyMapper() {
    SimpleModule avro = new SimpleModule("embedded-avro");
    avro.addDeserializer(Violation.class, embedded(EmbeddedAvro.VIOLATION));
    avro.addDeserializer(ProductionEvent.class, embedded(EmbeddedAvro.EVENT));
    // The route copy earlier gates kept in every state, in the schema of its time.
    avro.addDeserializer(Route.class, embedded(EmbeddedAvro.LEGACY_ROUTE));
    return new ObjectMapper()
        .registerModule(new Jdk8Module())
        .registerModule(new JavaTimeModule())
        .registerModule(avro)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** A base64 field of the JSON form holding Avro binary. */
  private static <T extends SpecificRecordBase> JsonDeserializer<T> embedded(EmbeddedAvro<T> form) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return form.read(p.getBinaryValue());
      }
    };
  }
}
