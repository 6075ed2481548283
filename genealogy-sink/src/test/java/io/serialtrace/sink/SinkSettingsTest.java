package io.serialtrace.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SinkSettingsTest {

  @Test
  void everySettingHasJavadoc() throws IOException {
    // 1. Every abstract method of SinkSettings and its groups is a setting.
    List<Method> settings = new ArrayList<>();
    for (Class<?> type :
        List.of(
            SinkSettings.class,
            SinkSettings.Kafka.class,
            SinkSettings.ClickHouse.class,
            SinkSettings.Batch.class,
            SinkSettings.Retry.class)) {
      for (Method method : type.getDeclaredMethods()) {
        if (java.lang.reflect.Modifier.isAbstract(method.getModifiers())) {
          settings.add(method);
        }
      }
    }
    assertThat(settings).hasSizeGreaterThan(10);
    // 2. In the source, each is preceded by a Javadoc block (annotations may sit between).
    String source =
        Files.readString(Path.of("src/main/java/io/serialtrace/sink/SinkSettings.java"));
    for (Method method : settings) {
      Matcher documented =
          Pattern.compile("\\*/\\s*(@[^\\n]+\\s*)*\\S+\\s+" + method.getName() + "\\(\\);")
              .matcher(source);
      assertThat(documented.find()).as("Javadoc on setting %s", method.getName()).isTrue();
    }
  }

  @Test
  void defaultsComeFromTheDeclaration() {
    SinkSettings settings = TestSettings.of(Map.of());

    assertThat(settings.clickhouse().database()).isEqualTo("trace");
    assertThat(settings.batch().maxRecords()).isEqualTo(5000);
    assertThat(settings.batch().maxWait()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.kafka().deadLetterTopic()).isEqualTo("trace.sink-dlq.v1");
    settings.validate();
  }

  @Test
  void refusesADatabaseTheApplicationUserDoesNotOwn() {
    SinkSettings settings = TestSettings.of(Map.of("sink.clickhouse.database", "analytics"));

    assertThatThrownBy(settings::validate)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sink.clickhouse.database");
  }

  @Test
  void refusesAMaxBackoffShorterThanTheInitialOne() {
    SinkSettings settings =
        TestSettings.of(
            Map.of("sink.retry.initial-backoff", "PT5S", "sink.retry.max-backoff", "PT1S"));

    assertThatThrownBy(settings::validate).hasMessageContaining("sink.retry.max-backoff");
  }

  @Test
  void refusesAnEmptyBatch() {
    SinkSettings settings = TestSettings.of(Map.of("sink.batch.max-records", "0"));

    assertThatThrownBy(settings::validate).hasMessageContaining("sink.batch.max-records");
  }

  @Test
  void plaintextByDefaultSoTheLocalStackNeedsNoKafkaCredentials() {
    SinkSettings settings = TestSettings.of(Map.of());

    assertThat(settings.kafka().securityConfig())
        .containsExactlyEntriesOf(Map.of("security.protocol", "PLAINTEXT"));
  }

  @Test
  void saslLoginGoesIntoEveryKafkaClient() {
    String jaas =
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"sink\""
            + " password=\"p\";";
    SinkSettings settings =
        TestSettings.of(
            Map.of(
                "sink.kafka.security-protocol", "SASL_SSL",
                "sink.kafka.sasl-mechanism", "SCRAM-SHA-512",
                "sink.kafka.sasl-jaas-config", jaas,
                "sink.kafka.ssl-truststore-location", "/etc/kafka-ca/ca.crt",
                "sink.kafka.ssl-truststore-type", "PEM"));
    settings.validate();

    assertThat(settings.kafka().securityConfig())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", jaas)
        .containsEntry("ssl.truststore.location", "/etc/kafka-ca/ca.crt")
        .containsEntry("ssl.truststore.type", "PEM");
  }

  @Test
  void refusesSaslWithoutALogin() {
    SinkSettings settings =
        TestSettings.of(Map.of("sink.kafka.security-protocol", "SASL_PLAINTEXT"));

    assertThatThrownBy(settings::validate).hasMessageContaining("sink.kafka.sasl-jaas-config");
  }

  @Test
  void migratesAsTheRowUserUnlessAMigrationUserIsGiven() {
    SinkSettings plain = TestSettings.of(Map.of());
    SinkSettings split =
        TestSettings.of(
            Map.of(
                "sink.clickhouse.user", "trace_sink",
                "sink.clickhouse.migration-user", "trace",
                "sink.clickhouse.migration-password", "owner-secret"));

    assertThat(plain.clickhouse().migrationUser()).isEmpty();
    assertThat(split.clickhouse().migrationUser()).contains("trace");
    assertThat(split.clickhouse().migrationPassword()).contains("owner-secret");
    split.validate();
  }
}
