package io.serialtrace.ingest.it;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.support.registry.BoundedRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its end as positioned at creation, without a group: a test creates it before
 * acting, then collects the records it caused.
 */
public final class TopicReader<V> implements AutoCloseable {
  private final KafkaConsumer<String, V> consumer;

  private TopicReader(StackEndpoints stack, String topic, Deserializer<V> values) {
    this(stack, topic, values, false);
  }

  private TopicReader(
      StackEndpoints stack, String topic, Deserializer<V> values, boolean fromBeginning) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            values);
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
    }
    partitions.forEach(consumer::position);
  }

  /** Avro values read into the generated class (specific reader), from the topic's end. */
  public static <V extends SpecificRecord> TopicReader<V> avro(
      StackEndpoints stack, String topic, Class<V> type) {
    return avro(stack, topic, type, false);
  }

  /** Avro values read into the generated class, from the beginning or the end of the topic. */
  public static <V extends SpecificRecord> TopicReader<V> avro(
      StackEndpoints stack, String topic, Class<V> type, boolean fromBeginning) {
    AvroKafkaDeserializer<V> values = new AvroKafkaDeserializer<>();
    values.configure(
        Map.of(
            SerdeConfig.REGISTRY_URL,
            stack.registryUrl(),
            AvroSerdeConfig.USE_SPECIFIC_AVRO_READER,
            true),
        false);
    return new TopicReader<>(stack, topic, values, fromBeginning);
  }

  public static TopicReader<byte[]> bytes(StackEndpoints stack, String topic) {
    return new TopicReader<>(stack, topic, new ByteArrayDeserializer());
  }

  /** Polls until {@code count} records match or the timeout passes; returns those found. */
  public List<ConsumerRecord<String, V>> await(
      Predicate<ConsumerRecord<String, V>> wanted, int count, Duration timeout) {
    List<ConsumerRecord<String, V>> found = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (found.size() < count && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, V> record : poll()) {
        if (wanted.test(record)) {
          found.add(record);
        }
      }
    }
    return found;
  }

  /**
   * One poll. A record whose schema could not be fetched because the registry connection failed (a
   * fresh clone's CI run saw "Connection was closed" once) is read again by the next poll: the
   * consumer stays at that record. Anything else about the bytes fails the test.
   */
  private Iterable<ConsumerRecord<String, V>> poll() {
    try {
      return consumer.poll(Duration.ofMillis(200));
    } catch (RecordDeserializationException e) {
      if (!BoundedRegistry.unreachable(e)) {
        throw e;
      }
      System.out.printf("TopicReader: registry unreachable, reading again: %s%n", e.getCause());
      return List.of();
    }
  }

  /** Everything that arrives within {@code window} (for asserting that something did not). */
  public List<ConsumerRecord<String, V>> drain(
      Predicate<ConsumerRecord<String, V>> wanted, Duration window) {
    return await(wanted, Integer.MAX_VALUE, window);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
