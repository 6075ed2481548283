package io.serialtrace.gate.app;

import io.quarkus.runtime.StartupEvent;
import io.serialtrace.gate.topology.GateSettings;
import io.serialtrace.support.kafka.KafkaClientSecurity;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Prepares the broker at start, before Kafka Streams (which waits for its input topics) gets going:
 * sets the group's standby replicas. The gate creates no topic of the pipeline: the platform does
 * (the chart's KafkaTopics, the local stack), from the topic registry {@code TraceTopic}.
 */
@ApplicationScoped
public class GateBootstrap {

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
    this.security = KafkaClientSecurity.from(config, KafkaClientSecurity.KAFKA_STREAMS_PREFIX);
  }

  // Priority below the default (2500) so it runs before the Kafka Streams producer's observer.
  void onStart(@Observes @Priority(100) StartupEvent event) throws Exception {
    Map<String, Object> adminConfig = new java.util.HashMap<>(security);
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // Same principal as Kafka Streams: on a secure broker the gate's ACLs cover both.
    try (Admin admin = Admin.create(adminConfig)) {
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
}
