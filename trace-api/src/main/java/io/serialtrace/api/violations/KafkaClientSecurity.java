package io.serialtrace.api.violations;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * The Kafka client security settings ({@code security.protocol}, {@code sasl.*}, {@code ssl.*})
 * given under the prefix the framework's own clients read ({@code kafka.}), for the clients this
 * service creates itself: they must log in as the same principal, or a secure broker refuses them.
 * Nothing is set by default, so the plaintext local stack needs no setting.
 */
public final class KafkaClientSecurity {
  /** The prefix the deployment (helm chart, {@code ./trace up --secure}) sets them under. */
  public static final String PREFIX = "kafka.";

  private KafkaClientSecurity() {}

  /** The security settings found under {@link #PREFIX}, without it; empty when none. */
  public static Map<String, Object> from(Config config) {
    Map<String, Object> security = new HashMap<>();
    for (String name : config.getPropertyNames()) {
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      String key = name.substring(PREFIX.length());
      if (key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
        config.getOptionalValue(name, String.class).ifPresent(value -> security.put(key, value));
      }
    }
    return Map.copyOf(security);
  }
}
