package io.serialtrace.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;

class KafkaClientSecurityTest {

  @Test
  void takesOnlyTheSecuritySettingsUnderTheFrameworksPrefix() {
    Config config =
        config(
            Map.of(
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.ssl.truststore.location", "/etc/trust.p12",
                "kafka.bootstrap.servers", "broker:9092",
                "kafka-streams.sasl.mechanism", "PLAIN"));

    assertThat(KafkaClientSecurity.from(config, KafkaClientSecurity.SMALLRYE_PREFIX))
        .containsOnly(
            Map.entry("security.protocol", "SASL_PLAINTEXT"),
            Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
            Map.entry("ssl.truststore.location", "/etc/trust.p12"));
    assertThat(KafkaClientSecurity.from(config, KafkaClientSecurity.KAFKA_STREAMS_PREFIX))
        .containsOnly(Map.entry("sasl.mechanism", "PLAIN"));
  }

  @Test
  void aPlaintextDeploymentNeedsNoSetting() {
    assertThat(KafkaClientSecurity.from(config(Map.of()), KafkaClientSecurity.SMALLRYE_PREFIX))
        .isEmpty();
  }

  /** A MicroProfile Config over a map: just what the reader uses. */
  private static Config config(Map<String, String> values) {
    return new Config() {
      @Override
      public <T> T getValue(String name, Class<T> type) {
        return getOptionalValue(name, type).orElseThrow();
      }

      @Override
      public ConfigValue getConfigValue(String name) {
        throw new UnsupportedOperationException();
      }

      @Override
      public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
        return Optional.ofNullable(values.get(name)).map(type::cast);
      }

      @Override
      public Iterable<String> getPropertyNames() {
        return values.keySet();
      }

      @Override
      public Iterable<ConfigSource> getConfigSources() {
        return java.util.List.of();
      }

      @Override
      public <T> Optional<Converter<T>> getConverter(Class<T> type) {
        return Optional.empty();
      }

      @Override
      public <T> T unwrap(Class<T> type) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
