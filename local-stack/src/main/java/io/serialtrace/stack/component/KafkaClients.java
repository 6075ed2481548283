package io.serialtrace.stack.component;

import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.kafka.KafkaCredentials;
import io.serialtrace.stack.kafka.KafkaSecurity;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings of the stack's own Kafka clients (probe and set-up): the admin principal in secure
 * mode, and timeouts short enough that a broker that is not ready fails a probe within seconds.
 */
final class KafkaClients {
  /** Every client call of a probe answers within this. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

  private final StackSettings settings;
  private final KafkaSecurity security;

  KafkaClients(StackSettings settings, KafkaSecurity security) {
    this.settings = settings;
    this.security = security;
  }

  /** The client listener's port, on 127.0.0.1. */
  int port() {
    return settings.port(StackSetting.KAFKA_PORT);
  }

  String bootstrap() {
    return "127.0.0.1:" + port();
  }

  /** The common client settings plus {@code specific}, which wins. */
  Properties config(Map<String, Object> specific) {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    if (security == KafkaSecurity.SASL_SCRAM) {
      config.putAll(KafkaCredentials.of(settings).clientConfig(KafkaCredentials.ADMIN));
    }
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "trace-stack-readiness");
    int timeout = (int) PROBE_TIMEOUT.toMillis();
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 1000L);
    config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 1000L);
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200L);
    config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50L);
    config.put(AdminClientConfig.ENABLE_METRICS_PUSH_CONFIG, false);
    config.putAll(specific);
    return config;
  }

  /**
   * Makes this module's class loader the thread's context loader until closed. Kafka's clients load
   * the classes their settings name (the metrics reporter, the SASL login) through the context
   * loader and require them to implement Kafka's own interfaces; a test whose Quarkus app was
   * restarted for a profile left a context loader whose classes did not, and every probe failed
   * with "Failed to create new KafkaAdminClient".
   */
  static ContextLoader ownClassLoader() {
    Thread thread = Thread.currentThread();
    ContextLoader previous = new ContextLoader(thread, thread.getContextClassLoader());
    thread.setContextClassLoader(KafkaClients.class.getClassLoader());
    return previous;
  }

  /** The context loader to put back. */
  record ContextLoader(Thread thread, ClassLoader loader) implements AutoCloseable {
    @Override
    public void close() {
      thread.setContextClassLoader(loader);
    }
  }

  /** An admin client whose calls default to {@code timeout}. */
  Properties admin(Duration timeout) {
    return config(
        Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
  }

  /** {@code acks=all}, no batching, no idempotence: one acknowledged record within the timeout. */
  Properties producer() {
    int timeout = (int) PROBE_TIMEOUT.toMillis();
    return config(
        Map.ofEntries(
            Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
            Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) timeout),
            Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout),
            Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout),
            Map.entry(ProducerConfig.LINGER_MS_CONFIG, 0),
            Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false)));
  }

  Properties consumer() {
    return config(
        Map.ofEntries(
            Map.entry(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis()),
            Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)));
  }
}
