package io.serialtrace.ingest.kafka;

import io.quarkus.runtime.StartupEvent;
import io.serialtrace.ingest.config.IngestSettings;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.jboss.logging.Logger;

/**
 * Readies ingest's producers at start, so the first station's request does not pay for it: each
 * producer fetches the metadata of the topic it writes (its partitions and their leaders) before
 * readiness turns UP. Without this the first send of each producer waited for that metadata (up to
 * its {@code max.block.ms}) inside the station's answer bound ({@code http.kafka-ack-timeout}, 3
 * s), and on a loaded machine the first POST after a start answered 503 "not confirmed".
 *
 * <p>Runs after the messaging channels are wired (default observer priority), on its own thread so
 * the start does not wait for Kafka: each fetch is bounded by the producer's own {@code
 * max.block.ms}; a failed round is logged and tried again every {@value #RETRY_SECONDS} s until
 * every producer has its metadata. Readiness reports it ({@code kafka-producers}).
 */
@ApplicationScoped
public class ProducerWarmup {
  private static final Logger LOG = Logger.getLogger(ProducerWarmup.class);
  static final long RETRY_SECONDS = 1;

  /** Where the warm-up stands, for readiness. */
  public sealed interface State {
    /** Not every producer has its topic's metadata yet; {@code why} says what is missing. */
    record Warming(String why) implements State {}

    /** Every producer has its topic's metadata: partitions per topic, and how long it took. */
    record Warm(Map<String, Integer> partitions, Duration took) implements State {}
  }

  /** One producer to warm: the messaging channel and the topic it writes. */
  record Target(String channel, String topic) {}

  private final KafkaClientService clients;
  private final List<Target> targets;
  private final AtomicReference<State> state =
      new AtomicReference<>(new State.Warming("not started"));
  private volatile boolean running = true;

  public ProducerWarmup(KafkaClientService clients, IngestSettings settings) {
    this.clients = clients;
    IngestSettings.Topics topics = settings.topics();
    this.targets =
        List.of(
            new Target("production-events", topics.productionEvents()),
            new Target("dead-letters", topics.deadLetters()),
            new Target("routes", topics.routes()));
  }

  public State state() {
    return state.get();
  }

  void onStart(@Observes StartupEvent start) {
    Thread.ofPlatform().daemon().name("producer-warmup").start(this::warmUntilDone);
  }

  @PreDestroy
  void stop() {
    running = false;
  }

  private void warmUntilDone() {
    long started = System.nanoTime();
    int round = 0;
    while (running) {
      round++;
      try {
        Map<String, Integer> partitions = warmOnce();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        state.set(new State.Warm(partitions, took));
        LOG.infof("Producers ready: metadata of %s fetched in %d ms", partitions, took.toMillis());
        return;
      } catch (RuntimeException e) {
        String why = e.getClass().getSimpleName() + ": " + e.getMessage();
        state.set(new State.Warming(why));
        LOG.warnf(
            "Producers not ready yet (round %d; readiness stays DOWN, retried in %d s): %s",
            round, RETRY_SECONDS, why);
      }
      try {
        Thread.sleep(Duration.ofSeconds(RETRY_SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** One round: each producer's topic metadata, each fetch bounded by its max.block.ms. */
  private Map<String, Integer> warmOnce() {
    Map<String, Integer> partitions = new LinkedHashMap<>();
    for (Target target : targets) {
      KafkaProducer<Object, Object> producer = clients.getProducer(target.channel());
      if (producer == null) {
        throw new IllegalStateException("channel " + target.channel() + " has no producer yet");
      }
      List<PartitionInfo> found =
          producer.partitionsFor(target.topic()).await().atMost(bound(producer));
      partitions.put(target.topic(), found.size());
    }
    return partitions;
  }

  /** The producer's own bound on a metadata wait, plus a second for the hand-over. */
  private static Duration bound(KafkaProducer<?, ?> producer) {
    Object maxBlock = producer.configuration().get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
    long millis = maxBlock == null ? 60_000 : Long.parseLong(maxBlock.toString());
    return Duration.ofMillis(millis).plusSeconds(1);
  }
}
