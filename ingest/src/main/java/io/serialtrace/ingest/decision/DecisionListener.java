package io.serialtrace.ingest.decision;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.serialtrace.ingest.config.IngestSettings;
import io.serialtrace.ingest.kafka.InstanceId;
import io.serialtrace.ingest.kafka.TopicSetup;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.support.kafka.KafkaClientSecurity;
import io.serialtrace.support.registry.BoundedRegistry;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads every partition of the gate-decision topic from its end, without a consumer group, and
 * hands decisions addressed to this instance ({@code replyTo}) to {@link PendingDecisions}. Each
 * instance reads all decisions and keeps only its own, so several ingest instances never steal each
 * other's answers and no group rebalances delay a reply. Partitions added after start are not seen
 * until a restart.
 */
@ApplicationScoped
public class DecisionListener {
  private static final Logger LOG = Logger.getLogger(DecisionListener.class);

  private final PendingDecisions pending;
  private final IngestSettings settings;
  private final InstanceId instanceId;
  private final String bootstrap;
  private final String registryUrl;
  private BoundedRegistry registry;
  private final Map<String, Object> security;
  private final CountDownLatch positioned = new CountDownLatch(1);
  private volatile KafkaConsumer<String, GateDecision> consumer;
  private volatile boolean running = true;
  private Thread thread;

  public DecisionListener(
      IngestSettings settings,
      InstanceId instanceId,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
      @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
          String registryUrl,
      Config config) {
    this.settings = settings;
    this.instanceId = instanceId;
    this.bootstrap = bootstrap;
    this.registryUrl = registryUrl;
    this.security = KafkaClientSecurity.from(config, KafkaClientSecurity.SMALLRYE_PREFIX);
    this.pending = new PendingDecisions(settings.decisions().remembered());
  }

  public PendingDecisions pending() {
    return pending;
  }

  /** True once every partition is positioned at its end: decisions from now on are seen. */
  public boolean ready() {
    return positioned.getCount() == 0;
  }

  void onStart(@Observes @Priority(TopicSetup.PRIORITY + 10) StartupEvent start) {
    // Every registry request bounded (ingest.registry-request-timeout): a silent registry fails a
    // read, which is retried, instead of hanging the reader.
    registry = new BoundedRegistry(registryUrl, settings.registryRequestTimeout());
    AvroKafkaDeserializer<GateDecision> values =
        registry.deserializer(Map.of(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true), false);
    // Logs in as ingest's principal like the messaging channels (no group: assigned partitions).
    Map<String, Object> config = new java.util.HashMap<>(security);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, instanceId.value() + "-decisions");
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), values);
    thread = new Thread(this::run, "gate-decision-reader");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    String topic = settings.topics().gateDecisions();
    Duration poll = settings.decisions().pollTimeout();
    try {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      // position() resolves the lazy seek now, so a decision written after ready() is never missed.
      partitions.forEach(consumer::position);
      positioned.countDown();
      LOG.infof("Reading %s (%d partitions) as %s", topic, partitions.size(), instanceId.value());
      while (running) {
        try {
          for (ConsumerRecord<String, GateDecision> record : consumer.poll(poll)) {
            GateDecision decision = record.value();
            if (decision != null && instanceId.value().equals(decision.getReplyTo())) {
              pending.decided(decision);
            }
          }
        } catch (RecordDeserializationException e) {
          if (BoundedRegistry.unreachable(e)) {
            // The decision is fine, the registry did not answer: read it again (each attempt is
            // bounded, so this does not spin).
            LOG.warnf(
                "Schema registry unreachable reading the decision at %s offset %d; reading it again:"
                    + " %s",
                e.topicPartition(), e.offset(), e.getCause());
            consumer.seek(e.topicPartition(), e.offset());
            continue;
          }
          // One unreadable decision must not stop every answer: skip it, say where it was.
          LOG.errorf(
              e,
              "Skipping unreadable decision at %s offset %d; its waiter will time out",
              e.topicPartition(),
              e.offset());
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      LOG.error("The gate-decision reader stopped; waiting requests will time out", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
      registry.close();
    }
  }

  /** Waits (bounded) until the reader is positioned; used by readiness and tests. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return positioned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent stop) throws InterruptedException {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (thread != null) {
      thread.join(Duration.ofSeconds(10));
    }
  }
}
