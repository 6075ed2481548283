package io.serialtrace.api.it;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.serialtrace.stack.StackEndpoints;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** A producer of Avro values on the stack's Kafka, as the gate publishes violations. */
final class ViolationProducer {
  private ViolationProducer() {}

  static KafkaProducer<String, Object> open(StackEndpoints stack) {
    AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>();
    serializer.configure(
        Map.of(
            SerdeConfig.REGISTRY_URL,
            stack.registryUrl(),
            SerdeConfig.AUTO_REGISTER_ARTIFACT,
            true),
        false);
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.kafkaBootstrap(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        serializer);
  }
}
