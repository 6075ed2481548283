package io.serialtrace.sink;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.serialtrace.sink.app.SinkStatus;
import io.serialtrace.sink.app.SinkThread;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.kafka.TopicProvisioner;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the sink's integration tests share: topics, settings, producers, ClickHouse counts. */
public final class SinkHarness {

  private SinkHarness() {}

  /** A fresh database and group name for one test, so tests never see each other's rows. */
  public static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  public static Map<String, String> endpointSettings(
      StackEndpoints stack, String database, String group) {
    Map<String, String> values = new HashMap<>();
    values.put("sink.kafka.bootstrap-servers", stack.kafkaBootstrap());
    values.put("sink.kafka.registry-url", stack.registryUrl());
    values.put("sink.kafka.group-id", group);
    values.put("sink.clickhouse.url", stack.clickhouseUrl());
    values.put("sink.clickhouse.user", stack.clickhouseUser());
    values.put("sink.clickhouse.password", stack.clickhousePassword());
    values.put("sink.clickhouse.database", database);
    values.put("sink.batch.max-wait", "PT0.2S");
    values.put("sink.retry.max-backoff", "PT2S");
    return values;
  }

  public static SinkSettings settings(StackEndpoints stack, String database, String group) {
    return TestSettings.of(endpointSettings(stack, database, group));
  }

  /** The sink's topics as the platform creates them (the stack already did at up). */
  public static void ensureTopics(StackEndpoints stack) throws Exception {
    try (Admin admin = admin(stack)) {
      TopicProvisioner.ensureAll(admin, Duration.ofSeconds(30));
    }
  }

  /**
   * Commits the current end of every sink topic for {@code group}, so a sink in that group reads
   * only what the test produces next, not what earlier tests left on the shared topics. Returns
   * where the group starts on each partition.
   */
  public static Map<TopicPartition, Long> startGroupAtEnd(StackEndpoints stack, String group)
      throws Exception {
    try (Admin admin = admin(stack)) {
      // Every partition the topic really has: another module's ITs may have created it wider.
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      admin
          .describeTopics(SinkTopic.names())
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .forEach(
              (topic, description) ->
                  description
                      .partitions()
                      .forEach(
                          p ->
                              request.put(
                                  new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
      Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
      admin
          .listOffsets(request)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
      admin.alterConsumerGroupOffsets(group, ends).all().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, Long> starts = new HashMap<>();
      ends.forEach((tp, commit) -> starts.put(tp, commit.offset()));
      return starts;
    }
  }

  public static KafkaProducer<String, Object> producer(StackEndpoints stack) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>();
    serializer.configure(
        Map.of(
            SerdeConfig.REGISTRY_URL,
            stack.registryUrl(),
            SerdeConfig.AUTO_REGISTER_ARTIFACT,
            true),
        false);
    return new KafkaProducer<>(config, new StringSerializer(), serializer);
  }

  public static Client clickHouse(StackEndpoints stack) {
    return new Client.Builder()
        .addEndpoint(stack.clickhouseUrl())
        .setUsername(stack.clickhouseUser())
        .setPassword(stack.clickhousePassword())
        .build();
  }

  public static long scalar(Client client, String sql) {
    List<GenericRecord> rows = client.queryAll(sql);
    return rows.getFirst().getLong(1);
  }

  public static List<GenericRecord> rows(Client client, String sql) {
    return client.queryAll(sql);
  }

  /** Polls until {@code value} reaches {@code expected} or the timeout passes; returns the last. */
  public static long awaitValue(LongSupplier value, long expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = -1;
    while (System.nanoTime() < deadline) {
      try {
        last = value.getAsLong();
      } catch (RuntimeException e) {
        last = -1; // ClickHouse briefly unavailable: keep waiting
      }
      if (last >= expected) {
        return last;
      }
      Thread.sleep(250);
    }
    return last;
  }

  /**
   * Creates the sink's schema in {@code database} and stops background merges of its tables, so
   * that a duplicate row, if the deduplication failed, stays visible to count() instead of being
   * collapsed by a ReplacingMergeTree merge (the second line of defence would hide the first's
   * failure; unit_records, append-only since V006, never collapses one). Merges stay stopped until
   * ClickHouse restarts: call again after a restart.
   */
  public static void migrateWithoutMerges(Client client, String database) throws Exception {
    new io.serialtrace.sink.schema.MigrationRunner(client, database)
        .migrate(io.serialtrace.sink.schema.Migrations.shipped());
    stopMerges(client, database);
  }

  public static void stopMerges(Client client, String database) throws Exception {
    for (String table :
        List.of("unit_records", "violations", "genealogy_edges", "units", "measurements")) {
      client
          .execute("SYSTEM STOP MERGES " + database + "." + table)
          .get(30, TimeUnit.SECONDS)
          .close();
    }
  }

  public static void dropDatabase(Client client, String database) {
    try {
      client
          .execute("DROP DATABASE IF EXISTS " + database + " SYNC")
          .get(60, TimeUnit.SECONDS)
          .close();
    } catch (Exception e) {
      // best effort clean-up; the next test uses its own database anyway
    }
  }

  /** An in-process sink on its own thread. */
  public static final class RunningSink implements AutoCloseable {
    public final SinkStatus status = new SinkStatus();
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SinkThread sink;

    public RunningSink(SinkSettings settings) {
      SettingsCheck.requireValid(settings);
      sink = SinkThread.start(settings, registry, status);
    }

    @Override
    public void close() throws InterruptedException {
      sink.stop(Duration.ofSeconds(20));
    }
  }

  private static Admin admin(StackEndpoints stack) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()));
  }
}
