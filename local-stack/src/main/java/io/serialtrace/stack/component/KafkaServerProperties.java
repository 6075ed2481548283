package io.serialtrace.stack.component;

import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.kafka.KafkaCredentials;
import io.serialtrace.stack.kafka.KafkaSecurity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The broker's {@code server.properties}, regenerated on every start from the settings, so a
 * changed port needs no reformat: the quorum is the static {@code controller.quorum.voters} list,
 * not a dynamic quorum whose voter endpoints would be frozen into the metadata log at format time.
 */
final class KafkaServerProperties {
  private static final int NODE_ID = 1;

  // 50 partitions per internal topic (the default) only slow the first group join and the first
  // transaction on one machine.
  private static final String INTERNAL_TOPIC_PARTITIONS = "5";

  private KafkaServerProperties() {}

  /**
   * The file's text. In secure mode it holds the admin's password (inter-broker login), so it must
   * be written readable by its owner only.
   */
  static String render(
      StackSettings settings, KafkaSecurity security, KafkaCredentials credentials, Path logDirs) {
    int port = settings.port(StackSetting.KAFKA_PORT);
    int controllerPort = settings.port(StackSetting.KAFKA_CONTROLLER_PORT);
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    String client = security.securityProtocol();
    p.put(
        "listeners", client + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", client + "://127.0.0.1:" + port);
    p.put("listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", client);
    p.put("controller.listener.names", "CONTROLLER");
    if (security == KafkaSecurity.SASL_SCRAM) {
      p.put("sasl.enabled.mechanisms", KafkaCredentials.MECHANISM);
      p.put("sasl.mechanism.inter.broker.protocol", KafkaCredentials.MECHANISM);
      p.put(
          "listener.name." + client.toLowerCase(Locale.ROOT) + ".scram-sha-512.sasl.jaas.config",
          KafkaCredentials.jaasConfig(
              KafkaCredentials.ADMIN, credentials.password(KafkaCredentials.ADMIN)));
      p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
      p.put("allow.everyone.if.no.acl.found", "false");
      // ANONYMOUS: the broker's own requests to its controller over the PLAINTEXT loopback one.
      p.put("super.users", "User:" + KafkaCredentials.ADMIN + ";User:ANONYMOUS");
    }
    p.put("log.dirs", logDirs.toString());
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", INTERNAL_TOPIC_PARTITIONS);
    // exactly_once_v2 needs the transaction log; its min ISR defaults to 2, above one node.
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", INTERNAL_TOPIC_PARTITIONS);
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", INTERNAL_TOPIC_PARTITIONS);
    // Tests start groups one member at a time; a rebalance delay would only add waiting.
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("group.streams.initial.rebalance.delay.ms", "0");
    // One creator per topic: the stack creates the pipeline's topics from TraceTopic after start;
    // a client that writes or reads a missing topic must fail, not create it with broker defaults.
    p.put("auto.create.topics.enable", "false");
    StringBuilder text = new StringBuilder("# Written by KafkaBroker on every start.\n");
    p.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    return text.toString();
  }
}
