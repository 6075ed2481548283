package io.serialtrace.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.schemas.topics.Service;
import io.serialtrace.schemas.topics.TraceTopic;
import io.serialtrace.stack.junit.SecureKafka;
import io.serialtrace.stack.junit.SecureKafkaExtension;
import io.serialtrace.stack.kafka.ServiceAccess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each service principal on the secure broker is confined to the topics {@link ServiceAccess} gives
 * it: a service cannot write another service's output or read what it has no business with.
 */
@ExtendWith(SecureKafkaExtension.class)
class KafkaServiceAclIT {

  @BeforeAll
  static void topics(SecureKafka kafka) throws Exception {
    SecureKafkaClients.createTopics(
        kafka,
        TraceTopic.Names.PRODUCTION_EVENTS,
        TraceTopic.Names.UNIT_RECORDS,
        TraceTopic.Names.VIOLATIONS,
        TraceTopic.Names.SINK_DEAD_LETTERS);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void ingestCannotWriteUnitRecordsButWritesProductionEvents(SecureKafka kafka) throws Exception {
    String key = "SN-" + UUID.randomUUID();
    try (KafkaProducer<String, String> ingest =
        SecureKafkaClients.producer(kafka.clientConfig(Service.INGEST.principal()))) {
      // 1. positive control: the topic ingest exists for is writable
      RecordMetadata written =
          ingest
              .send(new ProducerRecord<>(TraceTopic.Names.PRODUCTION_EVENTS, key, "scan"))
              .get(30, TimeUnit.SECONDS);
      assertThat(written.topic()).isEqualTo(TraceTopic.Names.PRODUCTION_EVENTS);

      // 2. a forged unit record (only the gate may append to the record) is refused by the broker
      assertThatThrownBy(
              () ->
                  ingest
                      .send(
                          new ProducerRecord<>(TraceTopic.Names.UNIT_RECORDS, key, "forged record"))
                      .get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(TopicAuthorizationException.class)
          .hasMessageContaining(TraceTopic.Names.UNIT_RECORDS);
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void apiCannotProduceToAnyTopic(SecureKafka kafka) {
    // 1. trace-api only reads: every pipeline topic refuses its writes, even the one it reads.
    // Not idempotent: an idempotent producer with no Write anywhere is stopped earlier, by a
    // cluster-level refusal of its producer id, which would hide the per-topic check.
    Map<String, Object> api = new HashMap<>(kafka.clientConfig(Service.API.principal()));
    api.put("enable.idempotence", false);
    for (String topic :
        List.of(
            TraceTopic.Names.PRODUCTION_EVENTS,
            TraceTopic.Names.UNIT_RECORDS,
            TraceTopic.Names.VIOLATIONS)) {
      try (KafkaProducer<String, String> producer = SecureKafkaClients.producer(api)) {
        assertThatThrownBy(
                () ->
                    producer
                        .send(new ProducerRecord<>(topic, "SN-1", "x"))
                        .get(30, TimeUnit.SECONDS))
            .as("api writing to %s", topic)
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(TopicAuthorizationException.class);
      }
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void apiReadsViolationsButNotProductionEvents(SecureKafka kafka) throws Exception {
    // 1. a violation and an event exist (written by their owners)
    try (KafkaProducer<String, String> gate =
            SecureKafkaClients.producer(kafka.clientConfig(Service.GATE.principal()));
        KafkaProducer<String, String> ingest =
            SecureKafkaClients.producer(kafka.clientConfig(Service.INGEST.principal()))) {
      // Partition 0 explicitly: the topics have the registry's partition count; the reads below
      // look at partition 0 only.
      gate.send(new ProducerRecord<>(TraceTopic.Names.VIOLATIONS, 0, "SN-V", "violation"))
          .get(30, TimeUnit.SECONDS);
      ingest
          .send(new ProducerRecord<>(TraceTopic.Names.PRODUCTION_EVENTS, 0, "SN-V", "event"))
          .get(30, TimeUnit.SECONDS);
    }
    try (KafkaConsumer<String, String> api =
        SecureKafkaClients.consumer(kafka.clientConfig(Service.API.principal()))) {
      // 2. the violation stream it serves is readable (no group, as the feed); raw production
      //    events are none of trace-api's business
      readsButIsRefused(api, TraceTopic.Names.VIOLATIONS, TraceTopic.Names.PRODUCTION_EVENTS);
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void sinkWritesOnlyItsDeadLettersAndReadsTheRecordButNotRawEvents(SecureKafka kafka)
      throws Exception {
    String key = "SN-" + UUID.randomUUID();
    // 1. a unit record and a raw event exist (written by their owners)
    try (KafkaProducer<String, String> gate =
            SecureKafkaClients.producer(kafka.clientConfig(Service.GATE.principal()));
        KafkaProducer<String, String> ingest =
            SecureKafkaClients.producer(kafka.clientConfig(Service.INGEST.principal()))) {
      gate.send(new ProducerRecord<>(TraceTopic.Names.UNIT_RECORDS, 0, key, "record"))
          .get(30, TimeUnit.SECONDS);
      ingest
          .send(new ProducerRecord<>(TraceTopic.Names.PRODUCTION_EVENTS, 0, key, "event"))
          .get(30, TimeUnit.SECONDS);
    }
    try (KafkaProducer<String, String> sink =
        SecureKafkaClients.producer(kafka.clientConfig(Service.SINK.principal()))) {
      // 2. positive control: its own dead-letter topic is writable
      RecordMetadata letter =
          sink.send(new ProducerRecord<>(TraceTopic.Names.SINK_DEAD_LETTERS, key, "not avro"))
              .get(30, TimeUnit.SECONDS);
      assertThat(letter.topic()).isEqualTo(TraceTopic.Names.SINK_DEAD_LETTERS);

      // 3. a topic it does not own (the gate's record) refuses its write
      assertThatThrownBy(
              () ->
                  sink.send(
                          new ProducerRecord<>(TraceTopic.Names.UNIT_RECORDS, key, "forged record"))
                      .get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(TopicAuthorizationException.class)
          .hasMessageContaining(TraceTopic.Names.UNIT_RECORDS);
    }
    try (KafkaConsumer<String, String> sink =
        SecureKafkaClients.consumer(kafka.clientConfig(Service.SINK.principal()))) {
      // 4. it reads the record it stores; raw production events are not its to read
      readsButIsRefused(sink, TraceTopic.Names.UNIT_RECORDS, TraceTopic.Names.PRODUCTION_EVENTS);
    }
  }

  /**
   * Partition 0 of {@code readable} yields a record (the positive control), then partition 0 of
   * {@code refused} is refused by the broker, naming the topic.
   */
  private static void readsButIsRefused(
      KafkaConsumer<String, String> consumer, String readable, String refused) {
    TopicPartition allowed = new TopicPartition(readable, 0);
    consumer.assign(List.of(allowed));
    consumer.seekToBeginning(List.of(allowed));
    assertThat(pollUntilAny(consumer)).as("reads %s", readable).isTrue();

    TopicPartition forbidden = new TopicPartition(refused, 0);
    consumer.assign(List.of(forbidden));
    consumer.seekToBeginning(List.of(forbidden));
    assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(5)))
        .isInstanceOf(TopicAuthorizationException.class)
        .hasMessageContaining(refused);
  }

  private static boolean pollUntilAny(KafkaConsumer<String, String> consumer) {
    for (int attempt = 0; attempt < 20; attempt++) {
      if (!consumer.poll(Duration.ofMillis(500)).isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
