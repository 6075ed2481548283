package io.serialtrace.sink.app;

import com.clickhouse.client.api.Client;
import io.micrometer.core.instrument.MeterRegistry;
import io.serialtrace.sink.SinkSettings;
import io.serialtrace.sink.batch.AvroDecoder;
import io.serialtrace.sink.closure.ClickHouseClosureStore;
import io.serialtrace.sink.closure.ClosureMaintenance;
import io.serialtrace.sink.delivery.BatchDelivery;
import io.serialtrace.sink.delivery.ClickHouseRowWriter;
import io.serialtrace.sink.delivery.KafkaDeadLetterWriter;
import io.serialtrace.sink.delivery.KafkaDeliveryStateStore;
import io.serialtrace.sink.delivery.SinkFailure;
import io.serialtrace.sink.schema.MigrationRunner;
import io.serialtrace.sink.schema.Migrations;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * The sink's one platform thread and what runs on it: open the ClickHouse and Kafka clients, apply
 * the schema migrations or verify a Job applied them (retried while ClickHouse or the Job is not
 * there yet), then run the {@link DeliveryLoop} until {@link #stop}. One thread, because the loop
 * blocks in poll and in inserts and a KafkaConsumer must stay on the thread that uses it. {@link
 * SinkLifecycle} starts it with the application; integration tests start it directly.
 */
public final class SinkThread {
  private static final Logger LOG = Logger.getLogger(SinkThread.class);

  private final SinkSettings settings;
  private final MeterRegistry registry;
  private final SinkStatus status;
  private final Thread thread;
  private volatile DeliveryLoop loop;
  private volatile boolean stopping;

  private SinkThread(SinkSettings settings, MeterRegistry registry, SinkStatus status) {
    this.settings = settings;
    this.registry = registry;
    this.status = status;
    this.thread = Thread.ofPlatform().name("genealogy-sink").unstarted(this::run);
  }

  /** Starts the sink on its own thread; {@code status} follows it from then on. */
  public static SinkThread start(SinkSettings settings, MeterRegistry registry, SinkStatus status) {
    SinkThread sink = new SinkThread(settings, registry, status);
    sink.thread.start();
    return sink;
  }

  /** Stops the loop (or the migration retries) and waits up to {@code patience} for the thread. */
  public void stop(Duration patience) throws InterruptedException {
    stopping = true;
    DeliveryLoop current = loop;
    if (current != null) {
      current.stop();
    }
    thread.join(patience);
  }

  private void run() {
    try (Client client = clickHouseClient(settings)) {
      switch (settings.clickhouse().migrations()) {
        case APPLY -> {
          try (Client migrations = migrationClient(settings)) {
            schemaWithRetry(runner -> runner.migrate(Migrations.shipped()), migrations);
          }
        }
        case VERIFY -> schemaWithRetry(runner -> runner.verify(Migrations.shipped()), client);
      }
      if (stopping) {
        return;
      }
      try (Producer<byte[], byte[]> deadLetterProducer = deadLetterProducer(settings);
          AvroDecoder decoder =
              new AvroDecoder(
                  settings.kafka().registryUrl(), settings.kafka().registryRequestTimeout())) {
        KafkaConsumer<byte[], byte[]> consumer = consumer(settings);
        KafkaDeliveryStateStore store = new KafkaDeliveryStateStore(consumer);
        ClickHouseRowWriter writer =
            new ClickHouseRowWriter(
                client,
                settings.clickhouse().database(),
                settings.clickhouse().requestTimeout().toMillis());
        try (BatchDelivery delivery =
            new BatchDelivery(
                store,
                decoder::decode,
                writer,
                new KafkaDeadLetterWriter(deadLetterProducer, settings.kafka().deadLetterTopic()),
                Optional.of(
                    new ClosureMaintenance(
                        new ClickHouseClosureStore(
                            client, writer, settings.clickhouse().database()))),
                settings.clickhouse().insertConcurrency())) {
          loop =
              new DeliveryLoop(
                  settings, consumer, store, delivery, new SinkMetrics(registry), status);
          if (stopping) {
            consumer.close();
            return;
          }
          loop.run();
        }
      }
    }
  }

  /**
   * Applies or verifies the schema through {@code client}, retrying while ClickHouse is not ready.
   */
  private void schemaWithRetry(Consumer<MigrationRunner> step, Client client) {
    Duration backoff = settings.retry().initialBackoff();
    int attempt = 0;
    while (!stopping) {
      try {
        step.accept(new MigrationRunner(client, settings.clickhouse().database()));
        return;
      } catch (SinkFailure.Retriable e) {
        attempt++;
        status.set(new SinkStatus.Condition.Retrying(e.getMessage(), attempt));
        LOG.warnf("%s; attempt %d, next in %d ms", e.getMessage(), attempt, backoff.toMillis());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        Duration doubled = backoff.multipliedBy(2);
        backoff =
            doubled.compareTo(settings.retry().maxBackoff()) <= 0
                ? doubled
                : settings.retry().maxBackoff();
      } catch (SinkFailure.Fatal e) {
        LOG.error(e.getMessage(), e);
        status.set(new SinkStatus.Condition.Stopped(e.getMessage()));
        stopping = true;
      }
    }
  }

  /** The ClickHouse client the sink writes with. */
  private static Client clickHouseClient(SinkSettings settings) {
    return clickHouseClient(
        settings, settings.clickhouse().user(), settings.clickhouse().password());
  }

  /** The client the migrations run with: the migration user, else the row-writing user. */
  private static Client migrationClient(SinkSettings settings) {
    SinkSettings.ClickHouse clickhouse = settings.clickhouse();
    return clickhouse.migrationUser().isPresent()
        ? clickHouseClient(
            settings,
            clickhouse.migrationUser().get(),
            clickhouse.migrationPassword().orElse(clickhouse.password()))
        : clickHouseClient(settings);
  }

  private static Client clickHouseClient(SinkSettings settings, String user, String password) {
    return new Client.Builder()
        .addEndpoint(settings.clickhouse().url())
        .setUsername(user)
        .setPassword(password)
        .setSocketTimeout(settings.clickhouse().requestTimeout().toMillis())
        .setConnectTimeout(settings.clickhouse().connectTimeout().toMillis())
        .build();
  }

  /** The consumer: raw bytes, manual commits, read_committed (the gate writes transactionally). */
  private static KafkaConsumer<byte[], byte[]> consumer(SinkSettings settings) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka().bootstrapServers());
    config.putAll(settings.kafka().securityConfig());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.kafka().groupId());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.kafka().maxPollRecords());
    // The gate creates (or the topic operator declares) these topics with their real settings; a
    // sink started first waits for them instead of creating defaults — which a secure broker
    // refuses it anyway (no Create right), failing the sink.
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static Producer<byte[], byte[]> deadLetterProducer(SinkSettings settings) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka().bootstrapServers());
    config.putAll(settings.kafka().securityConfig());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
