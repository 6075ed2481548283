package io.serialtrace.support.kafka;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * The Kafka client security settings ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}) a
 * deployment gives under the prefix the service's framework clients read ({@code kafka.} for
 * SmallRye Kafka, {@code kafka-streams.} for Kafka Streams), for the clients the service creates
 * itself (admin, a decision reader, the live violation feed): they must log in as the same
 * principal, or a secure broker refuses them. Nothing is set by default, so the plaintext local
 * stack needs no setting.
 */
public final class KafkaClientSecurity {
  /** The prefix of SmallRye Kafka's clients (ingest, trace-api). */
  public static final String SMALLRYE_PREFIX = "kafka.";

  /** The prefix of quarkus-kafka-streams' clients (the gate). */
  public static final String KAFKA_STREAMS_PREFIX = "kafka-streams.";

  private KafkaClientSecurity() {}

  /** The security settings found under {@code prefix}, without it; empty when none. */
  public static Map<String, Object> from(Config config, String prefix) {
    Map<String, Object> security = new HashMap<>();
    for (String name : config.getPropertyNames()) {
      if (!name.startsWith(prefix)) {
        continue;
      }
      String key = name.substring(prefix.length());
      if (key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
        config.getOptionalValue(name, String.class).ifPresent(value -> security.put(key, value));
      }
    }
    return Map.copyOf(security);
  }
}
