package io.serialtrace.ingest.kafka;

import io.quarkus.runtime.StartupEvent;
import io.serialtrace.ingest.config.IngestSettings;
import io.serialtrace.support.kafka.KafkaClientSecurity;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Checks at start, before anything uses them, that the topics ingest writes or reads exist. Ingest
 * creates none: the platform does, from the topic registry {@code TraceTopic} (the chart's
 * KafkaTopics, the local stack's {@code ./trace up}), so each topic has one creator and its
 * declared partitions and cleanup policy. A topic still missing after a bounded wait fails the
 * start with its name, rather than letting the first event find out.
 */
@ApplicationScoped
public class TopicSetup {
  private static final Logger LOG = Logger.getLogger(TopicSetup.class);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofSeconds(1);

  /** Runs first among the start-up observers: the decision reader and CDC need the topics. */
  public static final int PRIORITY = 10;

  void onStart(
      @Observes @Priority(PRIORITY) StartupEvent start,
      IngestSettings settings,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
      Config config)
      throws Exception {
    IngestSettings.Topics topics = settings.topics();
    List<String> needed =
        List.of(
            topics.productionEvents(),
            topics.routes(),
            topics.gateDecisions(),
            topics.deadLetters());
    Map<String, Object> adminConfig =
        new java.util.HashMap<>(
            KafkaClientSecurity.from(config, KafkaClientSecurity.SMALLRYE_PREFIX));
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
    try (Admin admin = Admin.create(adminConfig)) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
        List<String> missing = needed.stream().filter(n -> !existing.contains(n)).toList();
        if (missing.isEmpty()) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Kafka topics "
                  + missing
                  + " do not exist at "
                  + bootstrap
                  + " after "
                  + WAIT.toSeconds()
                  + " s; ingest creates no topic: create them as the topic registry declares"
                  + " (TraceTopic; the chart's KafkaTopics, or ./trace up locally)."
                  + " Ingest does not start without them.");
        }
        LOG.infof("waiting for Kafka topics %s (created by the platform)", missing);
        Thread.sleep(POLL.toMillis());
      }
    }
  }
}
