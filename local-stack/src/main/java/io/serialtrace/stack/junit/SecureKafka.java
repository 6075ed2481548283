package io.serialtrace.stack.junit;

import io.serialtrace.stack.kafka.KafkaCredentials;
import java.util.HashMap;
import java.util.Map;

/**
 * The secure test broker, as clients need it: its bootstrap address and the SCRAM credentials of
 * each principal ({@code admin} and the services of {@code ServiceAccess}).
 *
 * @param bootstrap {@code bootstrap.servers}
 * @param credentials the passwords, read from the broker's secrets folder
 */
public record SecureKafka(String bootstrap, KafkaCredentials credentials) {

  /** Client settings logging in as {@code principal} with its real password. */
  public Map<String, Object> clientConfig(String principal) {
    return withBootstrap(credentials.clientConfig(principal));
  }

  /** Client settings logging in as {@code user} with the given (perhaps wrong) password. */
  public Map<String, Object> clientConfig(String user, String password) {
    return withBootstrap(KafkaCredentials.clientConfig(user, password));
  }

  /** Client settings with no credentials at all (plaintext against the SASL listener). */
  public Map<String, Object> unauthenticatedConfig() {
    return withBootstrap(Map.of());
  }

  private Map<String, Object> withBootstrap(Map<String, Object> security) {
    Map<String, Object> config = new HashMap<>(security);
    config.put("bootstrap.servers", bootstrap);
    return config;
  }
}
