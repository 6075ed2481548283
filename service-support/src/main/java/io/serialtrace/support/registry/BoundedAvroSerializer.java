package io.serialtrace.support.registry;

import io.apicurio.registry.resolver.DefaultSchemaResolver;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.SerdeConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The Apicurio Avro serializer on a {@link BoundedRegistry}, for clients that configure their
 * serializer by class name (SmallRye Kafka's {@code value.serializer}). Besides the usual {@code
 * apicurio.registry.*} properties it requires {@link BoundedRegistry#REQUEST_TIMEOUT_CONFIG}: a
 * serializer configured without it would be unbounded again, so its absence fails the start.
 */
public class BoundedAvroSerializer<T> extends AvroKafkaSerializer<T> {
  private Optional<BoundedRegistry> registry = Optional.empty();

  /** For instantiation by class name; {@link #configure} installs the bounded client. */
  public BoundedAvroSerializer() {
    super();
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    BoundedRegistry bounded =
        new BoundedRegistry(required(configs, SerdeConfig.REGISTRY_URL), timeout(configs));
    registry = Optional.of(bounded);
    // Installed before the serde configures its resolver, which builds an unbounded client of its
    // own only when none is set.
    DefaultSchemaResolver<org.apache.avro.Schema, T> resolver = new DefaultSchemaResolver<>();
    resolver.setClientFacade(bounded.facade());
    setSchemaResolver(resolver);
    super.configure(configs, isKey);
  }

  private static Duration timeout(Map<String, ?> configs) {
    Object value = configs.get(BoundedRegistry.REQUEST_TIMEOUT_CONFIG);
    return switch (value) {
      case Duration d -> d;
      case String s when !s.isBlank() -> Duration.parse(s.trim());
      case null, default ->
          throw new IllegalArgumentException(
              BoundedAvroSerializer.class.getSimpleName()
                  + " needs "
                  + BoundedRegistry.REQUEST_TIMEOUT_CONFIG
                  + " (an ISO-8601 duration), got "
                  + value
                  + ": the producer is not created, nothing can be published");
    };
  }

  private static String required(Map<String, ?> configs, String key) {
    Object value = configs.get(key);
    if (value == null || value.toString().isBlank()) {
      throw new IllegalArgumentException(
          key + " is not set: the producer is not created, nothing can be published");
    }
    return value.toString();
  }

  @Override
  public void close() {
    // Nothing to close before configure (the serde's own close fails without its resolver).
    registry.ifPresent(
        bounded -> {
          super.close();
          bounded.close();
        });
  }
}
