package io.serialtrace.gate.app;

import io.quarkus.runtime.StartupEvent;
import io.serialtrace.gate.topics.Topics;
import io.serialtrace.gate.topology.GateSettings;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Prepares the broker at start, before Kafka Streams (which waits for its input topics) gets going:
 * creates the gate's topics (input, outputs, dead letters, the component-violation loop) and sets
 * the group's standby replicas. Idempotent: a topic that exists is kept as it is. The loop topic
 * takes the partition count the input topic really has, so the two stay co-partitioned even when
 * the input was created elsewhere.
 */
@ApplicationScoped
public class GateBootstrap {

  private static final Logger LOG = Logger.getLogger(GateBootstrap.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The streams group's standby setting on the broker (KIP-1071). */
  static final String STANDBY_REPLICAS = "streams.num.standby.replicas";

  private final GateSettings settings;
  private final String bootstrapServers;
  private final String applicationId;
  private final Map<String, Object> security;

  public GateBootstrap(
      GateSettings settings,
      @ConfigProperty(name = "quarkus.kafka-streams.bootstrap-servers") String bootstrapServers,
      @ConfigProperty(name = "quarkus.kafka-streams.application-id") String applicationId,
      Config config) {
    this.settings = settings;
    this.bootstrapServers = bootstrapServers;
    this.applicationId = applicationId;
    this.security = KafkaClientSecurity.from(config);
  }

  // Priority below the default (2500) so it runs before the Kafka Streams producer's observer.
  void onStart(@Observes @Priority(100) StartupEvent event) throws Exception {
    // Checked here, at start, rather than when the first store opens on a stream thread.
    BoundedRocksDbConfig.validate(settings);
    Map<String, Object> adminConfig = new java.util.HashMap<>(security);
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // Same principal as Kafka Streams: on a secure broker the gate's ACLs cover both.
    try (Admin admin = Admin.create(adminConfig)) {
      if (settings.createTopics()) {
        createTopics(admin, settings.topicPartitions(), (short) settings.topicReplicationFactor());
      }
      ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, applicationId);
      admin
          .incrementalAlterConfigs(
              Map.of(
                  group,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry(
                              STANDBY_REPLICAS, String.valueOf(settings.standbyReplicas())),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Creates what is missing of the gate's topics; returns the names it created. */
  public static List<String> createTopics(Admin admin, int partitions, short replication)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<NewTopic> first = new ArrayList<>();
    for (String name : Topics.inputs()) {
      NewTopic topic = new NewTopic(name, partitions, replication);
      if (name.equals(Topics.ROUTES)) {
        topic.configs(
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      }
      first.add(topic);
    }
    for (String name : Topics.outputs()) {
      first.add(new NewTopic(name, partitions, replication));
    }
    List<String> created = new ArrayList<>(create(admin, first));
    int inputPartitions = partitionsOf(admin, Topics.PRODUCTION_EVENTS);
    List<NewTopic> loops = new ArrayList<>();
    for (String name : Topics.loops()) {
      loops.add(new NewTopic(name, inputPartitions, replication));
    }
    created.addAll(create(admin, loops));
    return created;
  }

  /**
   * Partition count of a topic. A topic just created may not be in the metadata of the broker
   * answering yet: asked again, a bounded number of times.
   */
  private static int partitionsOf(Admin admin, String topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    for (int attempt = 1; ; attempt++) {
      try {
        return admin
            .describeTopics(Set.of(topic))
            .allTopicNames()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .get(topic)
            .partitions()
            .size();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt == 50) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static List<String> create(Admin admin, List<NewTopic> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<String> created = new ArrayList<>();
    var futures = admin.createTopics(topics).values();
    for (var entry : futures.entrySet()) {
      try {
        entry.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        created.add(entry.getKey());
        LOG.infof("created topic %s", entry.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    return created;
  }
}
