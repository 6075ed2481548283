package io.serialtrace.api.kafka;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.serialtrace.api.ApiSettings;
import io.serialtrace.support.kafka.KafkaClientSecurity;
import io.serialtrace.support.registry.BoundedRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
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
    config.put(
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        Math.toIntExact(stream.kafkaTimeout().toMillis()));
    return new KafkaConsumer<>(config, new StringDeserializer(), avroValues());
  }

  /**
   * The Avro deserializer of the live streams, every registry request bounded by {@code
   * api.stream.registry-request-timeout}. It closes its registry client with itself (the consumer
   * closes it).
   */
  Deserializer<Object> avroValues() {
    BoundedRegistry registry =
        new BoundedRegistry(stream.registryUrl(), stream.registryRequestTimeout());
    AvroKafkaDeserializer<Object> values =
        registry.deserializer(Map.of(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true), false);
    return new Deserializer<>() {
      @Override
      public Object deserialize(String topic, byte[] data) {
        return values.deserialize(topic, data);
      }

      @Override
      public Object deserialize(String topic, Headers headers, byte[] data) {
        return values.deserialize(topic, headers, data);
      }

      @Override
      public void close() {
        values.close();
        registry.close();
      }
    };
  }
}
