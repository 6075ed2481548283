package io.serialtrace.sink.batch;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.serialtrace.sink.delivery.SinkFailure;
import io.serialtrace.support.registry.BoundedRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Deserializes raw values with the Apicurio Avro deserializer into the generated classes. Bytes it
 * cannot read become {@link Decoded.Undecodable} (dead letter); a registry it cannot reach, or that
 * does not answer within {@code requestTimeout} ({@link BoundedRegistry}), is a retriable failure,
 * never a dead letter, since the record itself is fine.
 */
public final class AvroDecoder implements AutoCloseable {
  private final BoundedRegistry registry;
  private final AvroKafkaDeserializer<SpecificRecord> deserializer;

  public AvroDecoder(String registryUrl, Duration requestTimeout) {
    registry = new BoundedRegistry(registryUrl, requestTimeout);
    deserializer =
        registry.deserializer(Map.of(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true), false);
  }

  public Decoded decode(SourceRecord source) {
    if (source.value().isEmpty()) {
      return new Decoded.Undecodable(source, "tombstone (no value): nothing to store");
    }
    try {
      Object value = deserializer.deserialize(source.topic(), source.value().get());
      if (value instanceof SpecificRecord record) {
        return new Decoded.Value(source, record);
      }
      return new Decoded.Undecodable(
          source, "value is not an Avro record: " + (value == null ? "null" : value.getClass()));
    } catch (RuntimeException e) {
      if (BoundedRegistry.unreachable(e)) {
        throw new SinkFailure.Retriable(
            "schema registry unreachable while reading " + source.where() + ": " + e, e);
      }
      return new Decoded.Undecodable(source, "cannot deserialize: " + e);
    }
  }

  @Override
  public void close() {
    deserializer.close();
    registry.close();
  }
}
