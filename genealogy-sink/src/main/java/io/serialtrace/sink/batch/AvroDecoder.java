package io.serialtrace.sink.batch;

import io.apicurio.registry.client.RegistryClientFactory;
import io.apicurio.registry.client.common.RegistryClientOptions;
import io.apicurio.registry.resolver.client.RegistryClientFacadeImpl;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.serialtrace.sink.delivery.SinkFailure;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;

/**
 * Deserializes raw values with the Apicurio Avro deserializer into the generated classes. Bytes it
 * cannot read become {@link Decoded.Undecodable} (dead letter); a registry it cannot reach is a
 * retriable failure, never a dead letter, since the record itself is fine.
 *
 * <p>Every registry request is bounded by {@code requestTimeout}: the serde 3.1.7 has no setting
 * for it (its client waits forever for an answer), so the decoder hands the serde a registry client
 * built on its own Vert.x web client whose connect and idle timeouts carry the bound.
 */
public final class AvroDecoder implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final AvroKafkaDeserializer<SpecificRecord> deserializer;

  public AvroDecoder(String registryUrl, Duration requestTimeout) {
    int timeoutMillis = Math.toIntExact(requestTimeout.toMillis());
    WebClient web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
    deserializer =
        new AvroKafkaDeserializer<>(
            new RegistryClientFacadeImpl(
                RegistryClientFactory.create(
                    RegistryClientOptions.create(registryUrl).customWebClient(web))));
    deserializer.configure(
        Map.of(
            SerdeConfig.REGISTRY_URL, registryUrl, AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true),
        false);
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
      if (unreachable(e)) {
        throw new SinkFailure.Retriable(
            "schema registry unreachable while reading " + source.where() + ": " + e, e);
      }
      return new Decoded.Undecodable(source, "cannot deserialize: " + e);
    }
  }

  private static boolean unreachable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      // A request cut by the idle timeout fails with HttpClosedException, a VertxException; the
      // Vert.x client raises those only for transport failures, never for a record's bytes.
      if (t instanceof IOException || t instanceof VertxException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    deserializer.close();
    vertx.close();
  }
}
