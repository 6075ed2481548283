package io.serialtrace.gate.topics;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.serialtrace.gate.topology.GateSettings;
import io.serialtrace.support.registry.BoundedRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Production serdes: Apicurio Registry Avro serdes, reading into the generated classes, every
 * registry request bounded by {@code gate.registry-request-timeout} ({@link BoundedRegistry}). The
 * only place the registry wiring lives.
 */
@ApplicationScoped
public class ApicurioSerdeFactory implements SerdeFactory, AutoCloseable {

  private final BoundedRegistry registry;
  private final Map<String, Object> config;

  @Inject
  public ApicurioSerdeFactory(GateSettings settings) {
    this(
        settings.registryUrl(), settings.registryAutoRegister(), settings.registryRequestTimeout());
  }

  ApicurioSerdeFactory(String registryUrl, boolean autoRegister, Duration requestTimeout) {
    this.registry = new BoundedRegistry(registryUrl, requestTimeout);
    this.config =
        Map.of(
            SerdeConfig.AUTO_REGISTER_ARTIFACT,
            autoRegister,
            // Generated classes, not GenericRecord: the rules work on the typed records. Readers
            // and writers are found by schema instance (BoundedRegistry's datum provider).
            AvroSerdeConfig.USE_SPECIFIC_AVRO_READER,
            true);
  }

  @Override
  public <T extends SpecificRecord> Serde<T> avro(Class<T> type, boolean forKey) {
    Serializer<T> serializer = registry.serializer(config, forKey);
    Deserializer<T> deserializer = registry.deserializer(config, forKey);
    return Serdes.serdeFrom(serializer, new TypedDeserializer<>(type, deserializer));
  }

  /** Closes the registry client shared by every serde made here (with the application). */
  @PreDestroy
  @Override
  public void close() {
    registry.close();
  }

  /**
   * The registry deserializer reads a record with the schema its id names: bytes of another
   * registered schema (a Route produced onto the events topic) come back as that other class and
   * would only fail later, as a ClassCastException inside a processor, stopping the application.
   * Refusing them here makes them a deserialization error, so they go to the dead-letter topic.
   */
  static final class TypedDeserializer<T> implements Deserializer<T> {
    private final Class<T> type;
    private final Deserializer<T> delegate;

    TypedDeserializer(Class<T> type, Deserializer<T> delegate) {
      this.type = type;
      this.delegate = delegate;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
      return checked(topic, read(() -> delegate.deserialize(topic, data), topic));
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
      return checked(topic, read(() -> delegate.deserialize(topic, headers, data), topic));
    }

    /**
     * The registry serde reports bytes without its framing as an IllegalStateException or the like;
     * one exception type with the topic and the expected type makes the dead letter's reason clear.
     */
    private Object read(java.util.function.Supplier<T> read, String topic) {
      try {
        return read.get();
      } catch (SerializationException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new SerializationException(
            "Cannot read a " + type.getName() + " on " + topic + ": " + e, e);
      }
    }

    private T checked(String topic, Object value) {
      if (value != null && !type.isInstance(value)) {
        throw new SerializationException(
            "Record on "
                + topic
                + " is a "
                + value.getClass().getName()
                + " (by its registry schema id), not a "
                + type.getName());
      }
      return type.cast(value);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
