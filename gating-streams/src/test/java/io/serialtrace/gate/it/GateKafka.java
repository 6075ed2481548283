package io.serialtrace.gate.it;

import io.serialtrace.gate.topics.ApicurioSerdeFactory;
import io.serialtrace.gate.topics.Topic;
import io.serialtrace.gate.topics.Topics;
import io.serialtrace.gate.topology.TestSettings;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.serialtrace.stack.StackEndpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka clients of the gate ITs, with the serdes of the one {@link Topics} registry (Apicurio, as
 * the gate uses them). Outputs are read with {@code read_committed}, as every consumer of an EOS
 * application must.
 */
final class GateKafka implements AutoCloseable {

  final StackEndpoints stack;
  final Topics topics;
  private final ApicurioSerdeFactory serdes;
  final Admin admin;
  private final Map<String, Object> security;

  GateKafka(StackEndpoints stack) {
    this(stack, Map.of());
  }

  /** Clients that log in with {@code security} (e.g. SASL settings of a secure broker). */
  GateKafka(StackEndpoints stack, Map<String, Object> security) {
    this.stack = stack;
    this.security = Map.copyOf(security);
    TestSettings d = TestSettings.defaults();
    this.serdes =
        new ApicurioSerdeFactory(
            new TestSettings(
                d.dedupRetention(),
                d.closedUnitRetention(),
                d.noticeRetention(),
                d.punctuationInterval(),
                d.clockSkewTolerance(),
                stack.registryUrl(),
                true));
    this.topics = new Topics(serdes);
    Map<String, Object> adminConfig = new HashMap<>(security);
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    this.admin = Admin.create(adminConfig);
  }

  void publishRoute(Route route) throws Exception {
    send(topics.routes(), List.of(route), Route::getProduct);
  }

  void produceEvents(List<ProductionEvent> events) throws Exception {
    send(topics.productionEvents(), events, ProductionEvent::getSerial);
  }

  <V> void send(Topic<String, V> topic, List<V> values, Function<V, String> key) throws Exception {
    try (KafkaProducer<String, V> producer = producer(topic.valueSerde().serializer())) {
      for (V value : values) {
        producer.send(new ProducerRecord<>(topic.name(), key.apply(value), value));
      }
      producer.flush();
    }
  }

  <V> KafkaProducer<String, V> producer(Serializer<V> values) {
    Map<String, Object> p = new HashMap<>(security);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(p, topics.routes().keySerde().serializer(), values);
  }

  <V> KafkaConsumer<String, V> consumer(Topic<String, V> topic) {
    return consumer(
        topic.name(), topics.routes().keySerde().deserializer(), topic.valueSerde().deserializer());
  }

  <K, V> KafkaConsumer<K, V> consumer(String topic, Deserializer<K> keys, Deserializer<V> values) {
    Map<String, Object> c = new HashMap<>(security);
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    KafkaConsumer<K, V> consumer = new KafkaConsumer<>(c, keys, values);
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  /** How many stall bounds a read may last in all, however steadily records arrive. */
  private static final int STALLS_IN_ALL = 4;

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /**
   * Reads a topic from the beginning until {@code done} holds for what was read or nothing new
   * arrived for {@code timeout} (at most {@value #STALLS_IN_ALL} timeouts in all), then {@code
   * settle} longer so a duplicate written after the expected set would show.
   */
  static <K, V> List<ConsumerRecord<K, V>> readUntil(
      KafkaConsumer<K, V> consumer,
      Predicate<List<ConsumerRecord<K, V>>> done,
      Duration timeout,
      Duration settle) {
    List<ConsumerRecord<K, V>> read = new ArrayList<>();
    // The bound is on a stall, not on the whole read: a gate working through its backlog on a
    // loaded machine keeps the read going, a gate that stopped producing ends it after `timeout`.
    Instant cap = Instant.now().plus(timeout.multipliedBy(STALLS_IN_ALL));
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline) && !done.test(read)) {
      int before = read.size();
      consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      if (read.size() > before) {
        deadline = min(cap, Instant.now().plus(timeout));
      }
    }
    Instant settled = Instant.now().plus(settle);
    while (Instant.now().isBefore(settled)) {
      consumer.poll(Duration.ofMillis(200)).forEach(read::add);
    }
    return read;
  }

  /** Key → value of what was read, failing on a key read twice (a duplicate output). */
  static <V> Map<String, String> byKey(
      List<ConsumerRecord<String, V>> read,
      Function<V, String> key,
      Function<V, String> value,
      List<String> duplicates) {
    Map<String, String> out = new HashMap<>();
    for (ConsumerRecord<String, V> r : read) {
      if (out.put(key.apply(r.value()), value.apply(r.value())) != null) {
        duplicates.add(key.apply(r.value()));
      }
    }
    return out;
  }

  void resetTopics() throws Exception {
    GateTopicsReset.reset(admin);
  }

  /** Fresh gate topics, the unit-keyed ones with {@code unitKeyedPartitions} partitions. */
  void resetTopics(int unitKeyedPartitions) throws Exception {
    GateTopicsReset.reset(admin, unitKeyedPartitions);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
    serdes.close();
  }
}
