package io.serialtrace.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.schemas.topics.Service;
import io.serialtrace.stack.junit.SecureKafka;
import io.serialtrace.stack.junit.SecureKafkaExtension;
import io.serialtrace.stack.kafka.KafkaCredentials;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The secure broker lets in only clients that prove a principal's SCRAM password. */
@ExtendWith(SecureKafkaExtension.class)
class KafkaAuthenticationIT {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void realPasswordLogsInAndWrongPasswordIsRefused(SecureKafka kafka) throws Exception {
    String sink = Service.SINK.principal();
    // 1. positive control: the sink's own password opens a session
    try (Admin admin = Admin.create(withTimeouts(kafka.clientConfig(sink)))) {
      assertThat(admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS)).isNotBlank();
    }

    // 2. the same user with a wrong password is refused at authentication
    try (Admin admin =
        Admin.create(withTimeouts(kafka.clientConfig(sink, "not-" + sink + "-password")))) {
      assertThatThrownBy(() -> admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(SaslAuthenticationException.class);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void unknownUserIsRefused(SecureKafka kafka) {
    // 1. a principal nobody created, with the admin's real password
    String adminPassword = kafka.credentials().password(KafkaCredentials.ADMIN);
    try (Admin admin = Admin.create(withTimeouts(kafka.clientConfig("intruder", adminPassword)))) {
      // 2. refused at authentication, whatever the password
      assertThatThrownBy(() -> admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(SaslAuthenticationException.class);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void clientWithoutSaslGetsNoAnswer(SecureKafka kafka) {
    // 1. a plain client (no security.protocol): the listener speaks only SASL
    Map<String, Object> config = withTimeouts(kafka.unauthenticatedConfig());
    config.put("default.api.timeout.ms", 5000);
    config.put("request.timeout.ms", 4000);
    try (Admin admin = Admin.create(config)) {
      // 2. no metadata ever comes back: the broker drops the connection before any request
      assertThatThrownBy(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    }
  }

  private static Map<String, Object> withTimeouts(Map<String, Object> login) {
    Map<String, Object> config = new HashMap<>(login);
    config.put("default.api.timeout.ms", 15000);
    config.put("request.timeout.ms", 10000);
    config.put("reconnect.backoff.max.ms", 500);
    return config;
  }
}
