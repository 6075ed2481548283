package io.serialtrace.ingest.kafka;

import io.quarkus.runtime.StartupEvent;
import io.serialtrace.ingest.config.IngestSettings;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the topics ingest writes or reads when they are missing, before anything uses them: the
 * route topic must be compacted from its first record, which broker auto-creation cannot do. An
 * existing topic is left as it is.
 */
@ApplicationScoped
public class TopicSetup {
  private static final Logger LOG = Logger.getLogger(TopicSetup.class);
  private static final long TIMEOUT_SECONDS = 30;

  /** Runs first among the start-up observers: the decision reader and CDC need the topics. */
  public static final int PRIORITY = 10;

  void onStart(
      @Observes @Priority(PRIORITY) StartupEvent start,
      IngestSettings settings,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
      Config config)
      throws Exception {
    IngestSettings.Topics topics = settings.topics();
    Map<String, Object> adminConfig = new java.util.HashMap<>(KafkaClientSecurity.from(config));
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
    try (Admin admin = Admin.create(adminConfig)) {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String name :
          List.of(topics.productionEvents(), topics.gateDecisions(), topics.deadLetters())) {
        if (!existing.contains(name)) {
          missing.add(new NewTopic(name, topics.partitions(), topics.replicationFactor()));
        }
      }
      if (!existing.contains(topics.routes())) {
        missing.add(
            new NewTopic(topics.routes(), topics.partitions(), topics.replicationFactor())
                .configs(
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
      }
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          // Another instance (or the gate) created one meanwhile: fine, it exists now.
          if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
            throw e;
          }
        }
        LOG.infof("Created topics %s", missing.stream().map(NewTopic::name).toList());
      }
    }
  }
}
