package io.serialtrace.api.kafka;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.serialtrace.api.ApiSettings;
import io.serialtrace.support.kafka.KafkaClientSecurity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;

/**
 * trace-api's Kafka clients, configured in one place: the broker and the registry from {@code
 * api.stream.*}, the client security from {@code kafka.*} ({@link KafkaClientSecurity}: set by the
 * chart or {@code ./trace up --secure}, none by default).
 */
@ApplicationScoped
public class KafkaClients {
  private final ApiSettings.Stream stream;
  private final Map<String, Object> security;

  public KafkaClients(ApiSettings settings, Config config) {
    this.stream = settings.stream();
    this.security = KafkaClientSecurity.from(config, KafkaClientSecurity.SMALLRYE_PREFIX);
  }

  /**
   * A consumer of the violation topic for the live feed: no group and no commits (it is assigned
   * partitions and starts at their end), Avro values read into the generated classes.
   */
  public KafkaConsumer<String, Object> violationConsumer() {
    return avroConsumer("trace-api-violation-feed", "latest", Map.of());
  }

  /**
   * A consumer of the record checkpoints: no group and no commits (assigned every partition, read
   * from the beginning at each start), Avro values read into the generated classes.
   */
  public KafkaConsumer<String, Object> checkpointConsumer() {
    // Only what the gate committed: a checkpoint of an aborted transaction is never trusted.
    return avroConsumer(
        "trace-api-checkpoints",
        "earliest",
        Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
  }

  private KafkaConsumer<String, Object> avroConsumer(
      String clientId, String offsetReset, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(security);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stream.bootstrapServers());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    config.putAll(extra);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    AvroKafkaDeserializer<Object> values = new AvroKafkaDeserializer<>();
    values.configure(
        Map.of(
            SerdeConfig.REGISTRY_URL,
            stream.registryUrl(),
            AvroSerdeConfig.USE_SPECIFIC_AVRO_READER,
            true),
        false);
    return new KafkaConsumer<>(config, new StringDeserializer(), values);
  }
}
