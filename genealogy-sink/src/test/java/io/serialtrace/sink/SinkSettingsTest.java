package io.serialtrace.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.ConfigValidationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sink's settings as parsed at start: defaults from the declaration, a bad value or a bad
 * combination refused by name (documentation: {@link SinkSettingsDocumentationTest}).
 */
class SinkSettingsTest {

  @Test
  void defaultsComeFromTheDeclaration() {
    SinkSettings settings = TestSettings.of(Map.of());

    assertThat(settings.clickhouse().database()).isEqualTo("trace");
    assertThat(settings.batch().maxRecords()).isEqualTo(5000);
    assertThat(settings.batch().maxWait()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.kafka().deadLetterTopic()).isEqualTo("trace.sink-dlq.v1");
    assertThat(settings.kafka().registryRequestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.clickhouse().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.health().stallTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.clickhouse().insertConcurrency()).isEqualTo(8);
    assertThat(SettingsCheck.problems(settings)).isEmpty();
  }

  @Test
  void refusesADatabaseTheApplicationUserDoesNotOwn() {
    assertThatThrownBy(() -> TestSettings.of(Map.of("sink.clickhouse.database", "analytics")))
        .isInstanceOf(ConfigValidationException.class)
        .hasMessageContaining("sink.clickhouse.database must match trace[A-Za-z0-9_]*");
  }

  @Test
  void refusesAMaxBackoffShorterThanTheInitialOne() {
    SinkSettings settings =
        TestSettings.of(
            Map.of("sink.retry.initial-backoff", "PT5S", "sink.retry.max-backoff", "PT1S"));

    assertThatThrownBy(() -> SettingsCheck.requireValid(settings))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "sink.retry.max-backoff must be at least sink.retry.initial-backoff, was PT1S");
  }

  @Test
  void refusesAStallTimeoutThatOneAttemptsInsertsCouldReach() {
    SinkSettings settings =
        TestSettings.of(
            Map.of(
                "sink.clickhouse.request-timeout", "PT30S", "sink.health.stall-timeout", "PT2M"));

    assertThatThrownBy(() -> SettingsCheck.requireValid(settings))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "sink.health.stall-timeout must exceed one delivery attempt's requests (8 ClickHouse"
                + " requests x sink.clickhouse.request-timeout = PT4M), was PT2M");
  }

  @Test
  void refusesAnEmptyBatch() {
    assertThatThrownBy(() -> TestSettings.of(Map.of("sink.batch.max-records", "0")))
        .isInstanceOf(ConfigValidationException.class)
        .hasMessageContaining("sink.batch.max-records");
  }

  @Test
  void refusesRoundsWithoutAnInsertWorker() {
    assertThatThrownBy(() -> TestSettings.of(Map.of("sink.clickhouse.insert-concurrency", "0")))
        .isInstanceOf(ConfigValidationException.class)
        .hasMessageContaining("sink.clickhouse.insert-concurrency");
  }

  @Test
  void refusesABatchThatNeverWaits() {
    assertThatThrownBy(() -> TestSettings.of(Map.of("sink.batch.max-wait", "PT0S")))
        .hasMessageContaining("sink.batch.max-wait must be longer than 0");
  }

  @Test
  void refusesARegistryTimeoutThatWouldMeanNoTimeout() {
    // Under a millisecond rounds to 0, which the HTTP client reads as "no timeout at all".
    assertThatThrownBy(
            () -> TestSettings.of(Map.of("sink.kafka.registry-request-timeout", "PT0.0001S")))
        .isInstanceOf(ConfigValidationException.class)
        .hasMessageContaining("sink.kafka.registry-request-timeout");
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
    assertThat(SettingsCheck.problems(settings)).isEmpty();

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

    assertThatThrownBy(() -> SettingsCheck.requireValid(settings))
        .hasMessageContaining("sink.kafka.sasl-jaas-config");
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
    assertThat(SettingsCheck.problems(split)).isEmpty();
  }

  @Test
  void verifyingSinkHoldsNoMigrationUser() {
    SinkSettings verifying = TestSettings.of(Map.of("sink.clickhouse.migrations", "VERIFY"));
    SinkSettings verifyingWithOwner =
        TestSettings.of(
            Map.of(
                "sink.clickhouse.migrations", "VERIFY",
                "sink.clickhouse.migration-user", "trace"));

    assertThat(TestSettings.of(Map.of()).clickhouse().migrations())
        .isEqualTo(SinkSettings.SchemaMigrations.APPLY);
    assertThat(SettingsCheck.problems(verifying)).isEmpty();
    assertThat(SettingsCheck.problems(verifyingWithOwner))
        .singleElement()
        .asString()
        .startsWith("sink.clickhouse.migrations=VERIFY never uses sink.clickhouse.migration-user");
  }

  @Test
  void refusesAMigrationPasswordWithoutItsUser() {
    SinkSettings settings =
        TestSettings.of(Map.of("sink.clickhouse.migration-password", "owner-secret"));

    assertThat(SettingsCheck.problems(settings))
        .containsExactly(
            "sink.clickhouse.migration-password is set without sink.clickhouse.migration-user");
  }
}
