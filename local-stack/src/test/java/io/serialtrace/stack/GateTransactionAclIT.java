package io.serialtrace.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.schemas.topics.Service;
import io.serialtrace.schemas.topics.TraceTopic;
import io.serialtrace.stack.junit.SecureKafka;
import io.serialtrace.stack.junit.SecureKafkaExtension;
import io.serialtrace.stack.kafka.KafkaCredentials;
import io.serialtrace.stack.kafka.ServiceAccess.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gate's principal can do what exactly_once_v2 needs — read its input, write its output and
 * commit the input offsets under its group, all in one transaction with an id under its
 * application.id — and cannot take a transactional id outside that prefix.
 */
@ExtendWith(SecureKafkaExtension.class)
class GateTransactionAclIT {

  @BeforeAll
  static void topics(SecureKafka kafka) throws Exception {
    SecureKafkaClients.createTopics(
        kafka, TraceTopic.Names.PRODUCTION_EVENTS, TraceTopic.Names.GATE_DECISIONS);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void gateConsumesAndProducesInOneTransactionUnderItsOwnIds(SecureKafka kafka) throws Exception {
    String serial = "SN-" + UUID.randomUUID();
    String gate = Service.GATE.principal();
    // 1. an event arrives from ingest
    try (KafkaProducer<String, String> ingest =
        SecureKafkaClients.producer(kafka.clientConfig(Service.INGEST.principal()))) {
      // Partition 0 explicitly: the topics have the registry's partition count; the gate side
      // below reads and commits partition 0.
      ingest
          .send(new ProducerRecord<>(TraceTopic.Names.PRODUCTION_EVENTS, 0, serial, "event"))
          .get(30, TimeUnit.SECONDS);
    }
    TopicPartition input = new TopicPartition(TraceTopic.Names.PRODUCTION_EVENTS, 0);
    try (KafkaConsumer<String, String> consumer =
            SecureKafkaClients.consumer(readCommitted(kafka.clientConfig(gate)));
        KafkaProducer<String, String> producer =
            SecureKafkaClients.producer(
                transactional(
                    kafka.clientConfig(gate),
                    Names.GATE_APPLICATION_ID + "-it-" + UUID.randomUUID()))) {
      // 2. the gate reads it, decides, and commits decision + input offset atomically
      consumer.assign(List.of(input));
      consumer.seekToBeginning(List.of(input));
      ConsumerRecord<String, String> event = pollFor(consumer, serial);
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(TraceTopic.Names.GATE_DECISIONS, 0, serial, "ACCEPTED"));
      producer.sendOffsetsToTransaction(
          Map.of(input, new OffsetAndMetadata(event.offset() + 1)),
          new ConsumerGroupMetadata(Names.GATE_APPLICATION_ID));
      producer.commitTransaction();
    }

    // 3. the decision is visible to a read_committed reader (the admin, standing in for ingest)
    TopicPartition decisions = new TopicPartition(TraceTopic.Names.GATE_DECISIONS, 0);
    try (KafkaConsumer<String, String> reader =
        SecureKafkaClients.consumer(readCommitted(kafka.clientConfig(KafkaCredentials.ADMIN)))) {
      reader.assign(List.of(decisions));
      reader.seekToBeginning(List.of(decisions));
      assertThat(pollFor(reader, serial).value()).isEqualTo("ACCEPTED");
    }

    // 4. a transactional id outside trace-gate-* is refused to the same principal
    try (KafkaProducer<String, String> outside =
        SecureKafkaClients.producer(
            transactional(kafka.clientConfig(gate), "someone-else-" + UUID.randomUUID()))) {
      assertThatThrownBy(outside::initTransactions)
          .isInstanceOf(TransactionalIdAuthorizationException.class);
    }
  }

  private static Map<String, Object> readCommitted(Map<String, Object> login) {
    Map<String, Object> config = new HashMap<>(login);
    config.put("isolation.level", "read_committed");
    return config;
  }

  private static Map<String, Object> transactional(Map<String, Object> login, String id) {
    Map<String, Object> config = new HashMap<>(login);
    config.put("transactional.id", id);
    config.put("enable.idempotence", true);
    return config;
  }

  private static ConsumerRecord<String, String> pollFor(
      KafkaConsumer<String, String> consumer, String key) {
    List<String> seen = new ArrayList<>();
    for (int attempt = 0; attempt < 60; attempt++) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
        if (key.equals(record.key())) {
          return record;
        }
        seen.add(record.key());
      }
    }
    throw new AssertionError("no record with key " + key + " within 30 s; saw " + seen.size());
  }
}
