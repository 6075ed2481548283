package io.serialtrace.ingest.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Points the app under test at the real stack: the same endpoints {@code LocalStackExtension} gives
 * the tests (an external cluster from TRACE_* variables, else the local stack on this clone's
 * ports). The stack itself is started by the extension, or was by {@code ./trace up}.
 */
public class StackTestResource implements QuarkusTestResourceLifecycleManager {

  public static StackEndpoints endpoints() {
    StackSettings settings = StackSettings.fromEnvironment(RepositoryHome.find());
    return StackEndpoints.external(System::getenv, settings)
        .orElseGet(() -> StackEndpoints.of(settings));
  }

  @Override
  public Map<String, String> start() {
    StackEndpoints stack = endpoints();
    URI mqtt = URI.create(stack.mqttUrl());
    String run = UUID.randomUUID().toString().substring(0, 8);
    return Map.of(
        "kafka.bootstrap.servers", stack.kafkaBootstrap(),
        "mp.messaging.connector.smallrye-kafka.apicurio.registry.url", stack.registryUrl(),
        "quarkus.datasource.jdbc.url", stack.postgresJdbcUrl(),
        "quarkus.datasource.username", stack.postgresUser(),
        "quarkus.datasource.password", stack.postgresPassword(),
        "mp.messaging.connector.smallrye-mqtt.host", mqtt.getHost(),
        "mp.messaging.connector.smallrye-mqtt.port", Integer.toString(mqtt.getPort()),
        // Fresh offsets per test JVM; the slot is dropped on stop (see %test in properties).
        "trace.ingest.cdc.offset-dir", Path.of("target", "cdc-" + run).toAbsolutePath().toString(),
        // Own slot per test JVM (dropped on stop); the publication is shared, it names one table.
        "trace.ingest.cdc.slot-name", "trace_ingest_it_" + run);
  }

  @Override
  public void stop() {}
}
