package io.serialtrace.stack;

import io.serialtrace.stack.junit.SecureKafka;
import io.serialtrace.stack.kafka.KafkaCredentials;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Clients of the secure test broker, with short timeouts so a refusal shows within seconds. */
final class SecureKafkaClients {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private SecureKafkaClients() {}

  /** Creates the topics as the admin (the operator's role) if they are missing. */
  static void createTopics(SecureKafka kafka, String... names) throws Exception {
    try (Admin admin = Admin.create(kafka.clientConfig(KafkaCredentials.ADMIN))) {
      for (String name : names) {
        try {
          admin
              .createTopics(List.of(new NewTopic(name, 1, (short) 1)))
              .all()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
  }

  static KafkaProducer<String, String> producer(Map<String, Object> login) {
    Map<String, Object> config = new HashMap<>(login);
    config.put("acks", "all");
    config.put("max.block.ms", TIMEOUT.toMillis());
    config.put("delivery.timeout.ms", (int) TIMEOUT.toMillis());
    config.put("request.timeout.ms", (int) TIMEOUT.toMillis() - 1000);
    config.put("linger.ms", 0);
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  static KafkaConsumer<String, String> consumer(Map<String, Object> login) {
    Map<String, Object> config = new HashMap<>(login);
    config.put("enable.auto.commit", false);
    config.put("auto.offset.reset", "earliest");
    config.put("default.api.timeout.ms", (int) TIMEOUT.toMillis());
    return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
  }
}
