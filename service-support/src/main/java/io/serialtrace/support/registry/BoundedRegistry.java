package io.serialtrace.support.registry;

import io.apicurio.registry.client.RegistryClientFactory;
import io.apicurio.registry.client.common.RegistryClientOptions;
import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.resolver.client.RegistryClientFacadeImpl;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An Apicurio Registry client whose every request (schema, reference and content lookups,
 * registration) is bounded: it fails after {@code requestTimeout} instead of waiting forever.
 *
 * <p>The Apicurio serde 3.1.7 has no setting for a request timeout: its own client (built from
 * {@code apicurio.registry.url}) waits for an answer forever, so a registry that accepts
 * connections but never answers hangs the calling thread (a sink loop, a stream thread, a producer
 * send). This class builds the registry client on its own Vert.x web client whose connect and idle
 * timeouts carry the bound, and hands it to the serializers and deserializers it makes. The serde's
 * retries ({@code apicurio.registry.retry-count}, 3 by default) each get the bound.
 *
 * <p>The only place a registry client is built in the services; close it with its serdes.
 */
public final class BoundedRegistry implements AutoCloseable {

  /**
   * Kafka client property read by {@link BoundedAvroSerializer} (a serializer configured by class
   * name): the bound as an ISO-8601 duration, e.g. {@code PT5S}. Each service sets it from its own
   * documented {@code ...registry-request-timeout} setting.
   */
  public static final String REQUEST_TIMEOUT_CONFIG = "serialtrace.registry.request-timeout";

  private final Vertx vertx;
  private final RegistryClientFacade facade;
  private final String registryUrl;

  /**
   * @param registryUrl the Apicurio Registry v3 API URL
   * @param requestTimeout longest one request may connect or wait for an answer; at least 1 ms (0
   *     would mean no timeout to the HTTP client)
   */
  public BoundedRegistry(String registryUrl, Duration requestTimeout) {
    long millis = requestTimeout.toMillis();
    if (millis < 1 || millis > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "registry request timeout must be between 1 ms and "
              + Integer.MAX_VALUE
              + " ms, was "
              + requestTimeout
              + ": no registry client is built, the service cannot read or write Avro");
    }
    this.registryUrl = registryUrl;
    this.vertx = Vertx.vertx();
    WebClient web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout((int) millis)
                .setIdleTimeout((int) millis)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
    this.facade =
        new RegistryClientFacadeImpl(
            RegistryClientFactory.create(
                RegistryClientOptions.create(registryUrl, vertx).customWebClient(web)));
  }

  /** The bounded client, for a serde built elsewhere (e.g. a {@code DefaultSchemaResolver}). */
  public RegistryClientFacade facade() {
    return facade;
  }

  /**
   * An Avro deserializer on the bounded client, configured with {@code config} (the registry URL
   * and the {@link CachingAvroDatumProvider} are added) for a key or a value.
   */
  public <T> AvroKafkaDeserializer<T> deserializer(Map<String, ?> config, boolean isKey) {
    AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>(facade);
    deserializer.configure(withUrl(config), isKey);
    return deserializer;
  }

  /**
   * An Avro serializer on the bounded client, configured with {@code config} (the registry URL and
   * the {@link CachingAvroDatumProvider} are added) for a key or a value.
   */
  public <T> AvroKafkaSerializer<T> serializer(Map<String, ?> config, boolean isKey) {
    AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>(facade);
    serializer.configure(withUrl(config), isKey);
    return serializer;
  }

  /**
   * {@code config} with the registry URL and, unless {@code config} names another, the {@link
   * CachingAvroDatumProvider}: Avro readers and writers found by schema instance instead of a
   * schema fingerprint computed per record. The provider is given as a {@code Class}, not its name:
   * Apicurio loads a name through its own class loader, and under Quarkus's test class loaders the
   * class so loaded did not count as an {@code AvroDatumProvider}, so every ingest start failed.
   */
  private Map<String, Object> withUrl(Map<String, ?> config) {
    Map<String, Object> all = new HashMap<>(config);
    all.put(SerdeConfig.REGISTRY_URL, registryUrl);
    all.putIfAbsent(AvroSerdeConfig.AVRO_DATUM_PROVIDER, CachingAvroDatumProvider.class);
    return all;
  }

  /**
   * Whether a serde failure means the registry could not be reached or did not answer in time
   * (retry later; the record is fine) rather than unreadable bytes. A request cut by the idle
   * timeout fails with {@code HttpClosedException}, a {@link VertxException}; a refused or broken
   * connection with a {@link SocketException}. Other I/O errors (Avro's {@code EOFException} for
   * truncated bytes) are the record's, not the registry's.
   */
  public static boolean unreachable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof VertxException
          || t instanceof SocketException
          || t instanceof SocketTimeoutException
          || t instanceof UnknownHostException
          || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    vertx.close();
  }
}
