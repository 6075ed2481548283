package io.serialtrace.load.bench;

import io.serialtrace.stack.StackEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Raw Kafka for the gate measurement: topic positions, counting what appears on a topic, and the
 * baseline — a consume → produce pass-through of the same events with exactly-once semantics
 * (transactional producer, offsets committed in the transaction, read_committed, a commit as often
 * as the gate's {@code commit.interval.ms}, {@link GateConfig}). What the gate adds over that copy
 * is its cost: Avro, state, rules, hashing. Also counts what the gate wrote to its changelogs.
 */
final class KafkaBench {
  private final StackEndpoints endpoints;
  private final GateConfig gate;

  KafkaBench(StackEndpoints endpoints, GateConfig gate) {
    this.endpoints = endpoints;
    this.gate = gate;
  }

  /** The gate's shipped settings the baseline matches. */
  GateConfig gate() {
    return gate;
  }

  /** Events per second of a timed span. */
  record Throughput(long items, double seconds) {
    double perSecond() {
      return seconds <= 0 ? 0 : items / seconds;
    }
  }

  /** The end offset of every partition of {@code topic} (read_committed: the last stable one). */
  Map<TopicPartition, Long> endOffsets(String topic) {
    return endOffsets(List.of(topic));
  }

  /** The end offsets (read_committed) of every partition of these topics. */
  Map<TopicPartition, Long> endOffsets(Collection<String> topics) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer("bench-offsets")) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .forEach(partitions::add);
      }
      return consumer.endOffsets(partitions);
    }
  }

  /** The gate's changelog topics as they exist now. */
  List<String> gateChangelogs() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
      return admin.listTopics().names().get().stream().filter(gate::isChangelog).sorted().toList();
    }
  }

  /**
   * Records per topic in {@code [from, to)}, read_committed: transaction markers and aborted
   * records are not counted, so this is what the gate's commits wrote. A partition that appeared
   * after {@code from} was taken counts from its start.
   */
  Map<String, Long> recordsBetween(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
    Map<String, Long> counts = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer("bench-records")) {
      consumer.assign(to.keySet());
      to.keySet().forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (!reached(consumer, to) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < to.get(tp)) {
            counts.merge(r.topic(), 1L, Long::sum);
          }
        }
      }
      if (!reached(consumer, to)) {
        throw new IllegalStateException(
            "could not read the gate's changelogs up to " + to + " within 2 minutes");
      }
    }
    return counts;
  }

  /** Whether any record on {@code topic} (read from the start, read_committed) has this key. */
  static boolean hasKey(StackEndpoints endpoints, String topic, String key) {
    byte[] wanted = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (KafkaConsumer<byte[], byte[]> consumer =
        consumer(endpoints.kafkaBootstrap(), "bench-keys")) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      consumer.assign(ends.keySet());
      consumer.seekToBeginning(ends.keySet());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!reached(consumer, ends) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (java.util.Arrays.equals(r.key(), wanted)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /**
   * Counts the records whose key starts with {@code keyPrefix} appearing on a topic after {@code
   * from}, until {@code expected} were seen or {@code timeout} passed; timed from the first such
   * record to the one that completed the count (so start-up and warm-up are not part of it). {@code
   * seen} hears the running count.
   */
  Throughput count(
      Map<TopicPartition, Long> from,
      String keyPrefix,
      long expected,
      Duration timeout,
      LongConsumer seen) {
    byte[] prefix = keyPrefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer("bench-count")) {
      consumer.assign(from.keySet());
      from.forEach(consumer::seek);
      long deadline = System.nanoTime() + timeout.toNanos();
      long count = 0;
      long firstBatch = 0;
      long first = 0;
      long last = 0;
      while (count < expected && System.nanoTime() < deadline) {
        int matching = 0;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
          if (r.key() != null
              && java.util.Arrays.equals(
                  r.key(), 0, Math.min(r.key().length, prefix.length), prefix, 0, prefix.length)) {
            matching++;
          }
        }
        if (matching == 0) {
          continue;
        }
        long now = System.nanoTime();
        if (count == 0) {
          first = now;
          firstBatch = matching;
        }
        count += matching;
        last = now;
        seen.accept(count);
      }
      if (count < expected) {
        throw new IllegalStateException(
            "only " + count + " of " + expected + " records within " + timeout);
      }
      return new Throughput(count - firstBatch, (last - first) / 1e9);
    }
  }

  /**
   * The baseline: copies {@code [from, to)} of the input, byte for byte, to a fresh topic of as
   * many partitions, exactly once, timed from the first record read to the last commit.
   */
  Throughput passThrough(
      Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, String run, LongConsumer seen)
      throws Exception {
    String copy = "trace.bench-passthrough." + run;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
      admin.createTopics(List.of(new NewTopic(copy, from.size(), (short) 1))).all().get();
      try (KafkaConsumer<byte[], byte[]> consumer = consumer("bench-pass-" + run);
          KafkaProducer<byte[], byte[]> producer = transactionalProducer("bench-pass-" + run)) {
        producer.initTransactions();
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
        long copied = 0;
        long start = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!reached(consumer, to) && System.nanoTime() < deadline) {
          producer.beginTransaction();
          long commitAt = System.nanoTime() + gate.commitInterval().toNanos();
          Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
          while (System.nanoTime() < commitAt) {
            ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(20));
            if (!batch.isEmpty() && start == 0) {
              start = System.nanoTime();
            }
            for (ConsumerRecord<byte[], byte[]> r : batch) {
              producer.send(new ProducerRecord<>(copy, r.partition(), r.key(), r.value()));
              offsets.put(
                  new TopicPartition(r.topic(), r.partition()),
                  new OffsetAndMetadata(r.offset() + 1));
              copied++;
            }
          }
          producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
          producer.commitTransaction();
          seen.accept(copied);
        }
        return new Throughput(copied, (System.nanoTime() - start) / 1e9);
      } finally {
        admin.deleteTopics(List.of(copy)).all().get();
      }
    }
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> to) {
    for (Map.Entry<TopicPartition, Long> end : to.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private KafkaConsumer<byte[], byte[]> consumer(String group) {
    return consumer(bootstrap(), group);
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private KafkaProducer<byte[], byte[]> transactionalProducer(String id) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
    p.put(ProducerConfig.LINGER_MS_CONFIG, (int) gate.producerLinger().toMillis());
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private String bootstrap() {
    return endpoints.kafkaBootstrap();
  }
}
