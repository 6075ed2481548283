package io.serialtrace.ingest.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.auth.DevIdentity;
import io.serialtrace.stack.auth.DevPlantFloor;
import io.serialtrace.stack.auth.MqttCredentials;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Points the app under test at the real stack: the same endpoints {@code LocalStackExtension} gives
 * the tests (an external cluster from TRACE_* variables, else the local stack on this clone's
 * ports). The stack itself is started by the extension, or was by {@code ./trace up}.
 */
public class StackTestResource implements QuarkusTestResourceLifecycleManager {

  public static StackEndpoints endpoints() {
    StackSettings settings = StackSettings.forTests(RepositoryHome.find());
    return StackEndpoints.external(System::getenv, settings)
        .orElseGet(() -> StackEndpoints.of(settings));
  }

  @Override
  public Map<String, String> start() {
    StackEndpoints stack = endpoints();
    URI mqtt = URI.create(stack.mqttUrl());
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> config = new LinkedHashMap<>();
    config.put("kafka.bootstrap.servers", stack.kafkaBootstrap());
    config.put("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", stack.registryUrl());
    config.put("quarkus.datasource.jdbc.url", stack.postgresJdbcUrl());
    config.put("quarkus.datasource.username", stack.postgresUser());
    config.put("quarkus.datasource.password", stack.postgresPassword());
    config.put("mp.messaging.connector.smallrye-mqtt.host", mqtt.getHost());
    config.put("mp.messaging.connector.smallrye-mqtt.port", Integer.toString(mqtt.getPort()));
    // Fresh offsets per test JVM; the slot is dropped on stop (see %test in properties).
    config.put(
        "ingest.cdc.offset-dir", Path.of("target", "cdc-" + run).toAbsolutePath().toString());
    // Own slot per test JVM (dropped on stop); the publication is shared, it names one table.
    config.put("ingest.cdc.slot-name", "trace_ingest_it_" + run);
    // The development plant floor, as the stack gives it to the running service.
    config.putAll(DevPlantFloor.ingestProperties());
    // Tokens minted by the tests (Tokens) with the stack's development key.
    config.put(
        "mp.jwt.verify.publickey.location", Tokens.identity().verificationKeyFile().toString());
    config.put("mp.jwt.verify.issuer", DevIdentity.ISSUER);
    config.put("mp.jwt.verify.audiences", DevIdentity.AUDIENCE);
    // Ingest's own read-only MQTT user, password from .stack/secrets/mqtt.
    config.put("mp.messaging.connector.smallrye-mqtt.username", MqttCredentials.INGEST_USER);
    config.put(
        "mp.messaging.connector.smallrye-mqtt.password",
        Tokens.mqttCredentials().passwordOf(MqttCredentials.INGEST_USER));
    return config;
  }

  @Override
  public void stop() {}
}
