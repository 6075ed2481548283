package io.serialtrace.gate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientSecurityTest {

  @Test
  void takesOnlyTheSecuritySettingsOfTheStreamsPrefix() {
    // 1. the streams settings as the chart or ./trace up --secure give them, with neighbours
    var config =
        new SmallRyeConfigBuilder()
            .withSources(
                new PropertiesConfigSource(
                    Map.of(
                        "kafka-streams.security.protocol", "SASL_SSL",
                        "kafka-streams.sasl.mechanism", "SCRAM-SHA-512",
                        "kafka-streams.sasl.jaas.config", "login-line",
                        "kafka-streams.ssl.truststore.location", "/etc/kafka-ca/ca.crt",
                        "kafka-streams.commit.interval.ms", "100",
                        "kafka.security.protocol", "SSL"),
                    "test",
                    500))
            .build();

    // 2. exactly the security settings under kafka-streams., prefix stripped
    assertThat(KafkaClientSecurity.from(config))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "login-line",
                "ssl.truststore.location", "/etc/kafka-ca/ca.crt"));
  }

  @Test
  void isEmptyForThePlaintextStack() {
    var config = new SmallRyeConfigBuilder().build();

    assertThat(KafkaClientSecurity.from(config)).isEmpty();
  }
}
