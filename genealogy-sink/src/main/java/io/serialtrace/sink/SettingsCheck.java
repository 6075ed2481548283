package io.serialtrace.sink;

import io.quarkus.runtime.StartupEvent;
import io.serialtrace.sink.batch.SinkTable;
import io.serialtrace.sink.closure.ClosureMaintenance;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks at start what one setting's constraints cannot: relations between settings. A single bad
 * value is refused by the Bean Validation constraints on {@link SinkSettings} before this runs; a
 * bad combination stops the sink here, before it consumes anything, naming the settings involved.
 */
@ApplicationScoped
public class SettingsCheck {

  // Before SinkLifecycle (default priority) starts the sink's thread.
  void onStart(@Observes @Priority(10) StartupEvent started, SinkSettings settings) {
    requireValid(settings);
  }

  /** Throws, naming every bad combination, unless {@code settings} are usable together. */
  static void requireValid(SinkSettings settings) {
    List<String> problems = problems(settings);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Invalid sink settings: " + String.join("; ", problems));
    }
  }

  /** Every bad combination in {@code settings}, naming the settings; empty when they fit. */
  static List<String> problems(SinkSettings settings) {
    List<String> problems = new ArrayList<>();
    SinkSettings.Kafka kafka = settings.kafka();
    if (kafka.securityProtocol().sasl()
        && (kafka.saslMechanism().isEmpty() || kafka.saslJaasConfig().isEmpty())) {
      problems.add(
          "sink.kafka.security-protocol="
              + kafka.securityProtocol()
              + " needs sink.kafka.sasl-mechanism and sink.kafka.sasl-jaas-config");
    }
    SinkSettings.ClickHouse clickhouse = settings.clickhouse();
    if (clickhouse.migrationPassword().isPresent() && clickhouse.migrationUser().isEmpty()) {
      problems.add(
          "sink.clickhouse.migration-password is set without sink.clickhouse.migration-user");
    }
    if (clickhouse.migrations() == SinkSettings.SchemaMigrations.VERIFY
        && clickhouse.migrationUser().isPresent()) {
      problems.add(
          "sink.clickhouse.migrations=VERIFY never uses sink.clickhouse.migration-user: leave it"
              + " (and its password) out, so the sink holds no user with DDL rights");
    }
    SinkSettings.Retry retry = settings.retry();
    if (retry.maxBackoff().compareTo(retry.initialBackoff()) < 0) {
      problems.add(
          "sink.retry.max-backoff must be at least sink.retry.initial-backoff, was "
              + retry.maxBackoff()
              + " with an initial back-off of "
              + retry.initialBackoff());
    }
    // One insert per table, and the genealogy closure's reads (its insert is a table's).
    int requests = SinkTable.values().length + ClosureMaintenance.READS_PER_UPDATE;
    Duration insertsOfOneAttempt = clickhouse.requestTimeout().multipliedBy(requests);
    if (settings.health().stallTimeout().compareTo(insertsOfOneAttempt) <= 0) {
      problems.add(
          "sink.health.stall-timeout must exceed one delivery attempt's requests ("
              + requests
              + " ClickHouse requests x sink.clickhouse.request-timeout = "
              + insertsOfOneAttempt
              + "), was "
              + settings.health().stallTimeout()
              + ": liveness would restart a sink that is merely waiting for ClickHouse");
    }
    return problems;
  }
}
