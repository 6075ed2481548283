package io.serialtrace.api.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.api.ApiSettings;
import io.serialtrace.support.registry.BlackholeServer;
import io.serialtrace.support.registry.BoundedRegistry;
import io.serialtrace.support.settings.ValidatedSettings;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live streams' Avro values are read through a bounded registry client: against a registry that
 * accepts connections and never answers, a read fails within {@code
 * api.stream.registry-request-timeout} per attempt (the serde tries three times; slack for a loaded
 * machine) as a registry failure, which the stream's loop retries. Unbounded, it hangs until the
 * {@code @Timeout}.
 */
class KafkaClientsTest {
  private static final byte[] FRAMED = {0, 0, 0, 0, 0, 0, 0, 0, 42, 2, 'a'};

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void aLiveStreamReadFailsWithinTheBoundAgainstASilentRegistry() throws Exception {
    try (BlackholeServer blackhole = new BlackholeServer()) {
      ApiSettings settings =
          ValidatedSettings.parse(
              ApiSettings.class,
              Map.of(
                  "api.stream.bootstrap-servers", "127.0.0.1:1",
                  "api.stream.registry-url", blackhole.registryUrl(),
                  "api.stream.registry-request-timeout", "PT0.5S",
                  "api.anchor.public-keys.dev-1", "/keys/dev-1.pem"));
      KafkaClients clients = new KafkaClients(settings, new SmallRyeConfigBuilder().build());
      try (Deserializer<Object> values = clients.avroValues()) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> values.deserialize("trace.violations.v1", FRAMED))
            .satisfies(e -> assertThat(BoundedRegistry.unreachable(e)).as("%s", e).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(blackhole.accepted()).isPositive();
      }
    }
  }
}
