package io.serialtrace.stack.component;

import io.serialtrace.schemas.topics.Service;
import io.serialtrace.stack.ManagedProcess;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackException;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.auth.CheckpointKeys;
import io.serialtrace.stack.auth.DevIdentity;
import io.serialtrace.stack.auth.DevPlantFloor;
import io.serialtrace.stack.auth.MqttCredentials;
import io.serialtrace.stack.kafka.KafkaCredentials;
import io.serialtrace.stack.kafka.KafkaSecurity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One of the pipeline's own services (ingest, gate, sink, trace-api) run from its Quarkus runner
 * jar as a managed process of the stack: configured with {@code -D} properties pointing at the
 * stack's endpoints, on its own HTTP port, ready when {@code /q/health/ready} answers 200, stopped
 * with SIGTERM (Quarkus shuts down gracefully: the gate commits, the sink flushes).
 *
 * <p>Not part of the default {@code ./trace up} (which the tests use): the jars must be built
 * first, which {@code ./trace demo} does.
 *
 * <p>Least privilege: each service gets its own ClickHouse user (the sink writes rows as {@code
 * trace_sink} and migrates as the owner; trace-api reads as {@code trace_api}) and, on a secure
 * stack, logs in to Kafka as its own principal ({@link Service}). Secrets travel in the child's
 * environment, referenced from the {@code -D} properties as {@code ${...}} expressions, so {@code
 * ps} and the component log show no password.
 */
public final class ServiceProcess implements Component {
  /** Ingest's instance id on the local stack: one ingest per stack, and per broker. */
  static final String INGEST_INSTANCE_ID = "ingest-local";

  /** Modest heaps: four services and the stack share a 2-core machine with other work. */
  private static final String HEAP = "-Xmx384m";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final String module;
  private final StackSetting port;
  private final StackSettings settings;
  private final Map<String, String> properties;
  private final Map<String, Supplier<String>> secrets;

  private ServiceProcess(
      String name,
      String module,
      StackSetting port,
      StackSettings settings,
      Map<String, String> properties,
      Map<String, Supplier<String>> secrets) {
    this.name = name;
    this.module = module;
    this.port = port;
    this.settings = settings;
    Map<String, String> all = new LinkedHashMap<>(properties);
    // Loopback only, like the infrastructure: a development stack's services answer development
    // tokens and must not be reachable from the network.
    all.put("quarkus.http.host", "127.0.0.1");
    this.properties = Map.copyOf(all);
    this.secrets = Map.copyOf(secrets);
  }

  /** The four services in start order: ingest publishes routes before the gate needs them. */
  public static List<ServiceProcess> all(StackSettings settings) {
    return all(settings, KafkaSecurity.remembered(settings));
  }

  /** The four services for a broker in the given mode (each with its own principal if secure). */
  public static List<ServiceProcess> all(StackSettings settings, KafkaSecurity security) {
    StackEndpoints e = StackEndpoints.of(settings);
    return List.of(
        ingest(settings, e, security),
        gate(settings, e, security),
        sink(settings, e, security),
        api(settings, e, security));
  }

  /** The environment variable carrying the service's JAAS line (its Kafka password inside). */
  static final String JAAS_VARIABLE = "TRACE_SERVICE_KAFKA_JAAS_CONFIG";

  /**
   * Adds the Kafka client security properties under {@code prefix} ({@code kafka.}, {@code
   * kafka-streams.} or the sink's {@code sink.kafka.} with dashes) for the service's principal.
   */
  private static void kafkaSecurity(
      StackSettings settings,
      KafkaSecurity security,
      Service service,
      Map<String, String> p,
      Map<String, Supplier<String>> secrets,
      String protocolKey,
      String mechanismKey,
      String jaasKey) {
    if (security == KafkaSecurity.PLAINTEXT) {
      return;
    }
    p.put(protocolKey, security.securityProtocol());
    p.put(mechanismKey, KafkaCredentials.MECHANISM);
    p.put(jaasKey, "${" + JAAS_VARIABLE + "}");
    // Read at start, after the broker (which creates the passwords on its first secure start).
    secrets.put(
        JAAS_VARIABLE,
        () ->
            KafkaCredentials.jaasConfig(
                service.principal(), KafkaCredentials.of(settings).password(service.principal())));
  }

  private static void kafkaSecurity(
      StackSettings settings,
      KafkaSecurity security,
      Service service,
      Map<String, String> p,
      Map<String, Supplier<String>> secrets,
      String prefix) {
    kafkaSecurity(
        settings,
        security,
        service,
        p,
        secrets,
        prefix + "security.protocol",
        prefix + "sasl.mechanism",
        prefix + "sasl.jaas.config");
  }

  /**
   * Bearer JWT verification as ingest, the gate and trace-api share it: the stack's development
   * key, issuer and audience (production: the OIDC provider's JWKS URL and issuer).
   */
  private static void jwtVerification(StackSettings settings, Map<String, String> p) {
    p.put(
        "mp.jwt.verify.publickey.location",
        DevIdentity.in(settings.authDir()).verificationKeyFile().toString());
    p.put("mp.jwt.verify.issuer", DevIdentity.ISSUER);
    p.put("mp.jwt.verify.audiences", DevIdentity.AUDIENCE);
  }

  static ServiceProcess ingest(StackSettings settings, StackEndpoints e, KafkaSecurity security) {
    Map<String, String> p = new LinkedHashMap<>();
    Map<String, Supplier<String>> secrets = new LinkedHashMap<>();
    p.put("kafka.bootstrap.servers", e.kafkaBootstrap());
    kafkaSecurity(settings, security, Service.INGEST, p, secrets, "kafka.");
    p.put("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", e.registryUrl());
    p.put("quarkus.datasource.jdbc.url", e.postgresJdbcUrl());
    p.put("quarkus.datasource.username", e.postgresUser());
    p.put("quarkus.datasource.password", "${TRACE_SERVICE_POSTGRES_PASSWORD}");
    secrets.put("TRACE_SERVICE_POSTGRES_PASSWORD", e::postgresPassword);
    p.put("mp.messaging.connector.smallrye-mqtt.host", "127.0.0.1");
    p.put(
        "mp.messaging.connector.smallrye-mqtt.port",
        Integer.toString(settings.port(StackSetting.MQTT_PORT)));
    p.put("ingest.cdc.offset-dir", settings.dataDir("ingest").resolve("cdc").toString());
    // A stable instance id (= MQTT client id, cleanSession=false): a restarted ingest takes up the
    // broker's session of the one before, with the QoS 1 readings queued while it was down; with
    // a random id per start they stayed queued for a client id nobody uses again (lost).
    p.put("ingest.instance-id", INGEST_INSTANCE_ID);
    // The development plant floor (P1..P4, stations, devices), declared once in DevPlantFloor.
    p.putAll(DevPlantFloor.ingestProperties());
    // Bearer tokens: verified with the stack's development key (production: the OIDC provider's
    // JWKS URL and issuer, see ingest/README.md).
    jwtVerification(settings, p);
    // Ingest subscribes as its own MQTT user (read only); the password stays in .stack/secrets.
    MqttCredentials mqtt = MqttCredentials.in(settings.stateDir());
    // The password goes in the environment, not on the command line, where ps shows it to all.
    p.put("mp.messaging.connector.smallrye-mqtt.username", MqttCredentials.INGEST_USER);
    secrets.put(
        "MP_MESSAGING_CONNECTOR_SMALLRYE_MQTT_PASSWORD",
        () -> mqtt.passwordOf(MqttCredentials.INGEST_USER));
    return new ServiceProcess("ingest", "ingest", StackSetting.INGEST_PORT, settings, p, secrets);
  }

  static ServiceProcess gate(StackSettings settings, StackEndpoints e, KafkaSecurity security) {
    int port = settings.port(StackSetting.GATE_PORT);
    Map<String, String> p = new LinkedHashMap<>();
    Map<String, Supplier<String>> secrets = new LinkedHashMap<>();
    p.put("quarkus.kafka-streams.bootstrap-servers", e.kafkaBootstrap());
    kafkaSecurity(settings, security, Service.GATE, p, secrets, "kafka-streams.");
    p.put("quarkus.kafka-streams.application-server", "127.0.0.1:" + port);
    p.put("gate.registry-url", e.registryUrl());
    p.put("kafka-streams.state.dir", settings.dataDir("gate").resolve("streams").toString());
    // GET /units/{serial}/state verifies bearer tokens like trace-api: the stack's development key.
    jwtVerification(settings, p);
    // Record checkpoints are signed with the stack's development Ed25519 key (CheckpointKeys).
    CheckpointKeys checkpointKeys = CheckpointKeys.in(settings.authDir());
    p.put("gate.checkpoint.key-id", CheckpointKeys.KEY_ID);
    p.put("gate.checkpoint.signing-key", checkpointKeys.signingKeyFile().toString());
    return new ServiceProcess(
        "gate", "gating-streams", StackSetting.GATE_PORT, settings, p, secrets);
  }

  /** Rows as the sink's user; migrations (DDL) as the owner. */
  static ServiceProcess sink(StackSettings settings, StackEndpoints e, KafkaSecurity security) {
    Map<String, String> p = new LinkedHashMap<>();
    Map<String, Supplier<String>> secrets = new LinkedHashMap<>();
    p.put("sink.kafka.bootstrap-servers", e.kafkaBootstrap());
    p.put("sink.kafka.registry-url", e.registryUrl());
    kafkaSecurity(
        settings,
        security,
        Service.SINK,
        p,
        secrets,
        "sink.kafka.security-protocol",
        "sink.kafka.sasl-mechanism",
        "sink.kafka.sasl-jaas-config");
    p.put("sink.clickhouse.url", e.clickhouseUrl());
    p.put("sink.clickhouse.user", e.clickhouseSinkUser());
    p.put("sink.clickhouse.password", "${TRACE_SERVICE_CLICKHOUSE_PASSWORD}");
    secrets.put("TRACE_SERVICE_CLICKHOUSE_PASSWORD", e::clickhouseSinkPassword);
    p.put("sink.clickhouse.migration-user", e.clickhouseUser());
    p.put("sink.clickhouse.migration-password", "${TRACE_SERVICE_CLICKHOUSE_MIGRATION_PASSWORD}");
    secrets.put("TRACE_SERVICE_CLICKHOUSE_MIGRATION_PASSWORD", e::clickhousePassword);
    return new ServiceProcess(
        "sink", "genealogy-sink", StackSetting.SINK_PORT, settings, p, secrets);
  }

  static ServiceProcess api(StackSettings settings, StackEndpoints e, KafkaSecurity security) {
    Map<String, String> p = new LinkedHashMap<>();
    Map<String, Supplier<String>> secrets = new LinkedHashMap<>();
    p.put("quarkus.datasource.jdbc.url", "jdbc:clickhouse:" + e.clickhouseUrl());
    p.put("quarkus.datasource.username", e.clickhouseApiUser());
    p.put("quarkus.datasource.password", "${TRACE_SERVICE_CLICKHOUSE_PASSWORD}");
    secrets.put("TRACE_SERVICE_CLICKHOUSE_PASSWORD", e::clickhouseApiPassword);
    p.put("api.stream.bootstrap-servers", e.kafkaBootstrap());
    p.put("api.stream.registry-url", e.registryUrl());
    // Each development plant's shift calendar, declared once in DevPlantFloor.
    p.putAll(DevPlantFloor.apiProperties());
    jwtVerification(settings, p);
    // Checkpoints verify with the development signer's public key, by its id.
    p.put(
        "api.anchor.public-keys." + CheckpointKeys.KEY_ID,
        CheckpointKeys.in(settings.authDir()).verificationKeyFile().toString());
    kafkaSecurity(settings, security, Service.API, p, secrets, "kafka.");
    return new ServiceProcess("api", "trace-api", StackSetting.API_PORT, settings, p, secrets);
  }

  /** The {@code -D} properties this service starts with (secrets only as {@code ${...}}). */
  public Map<String, String> properties() {
    return properties;
  }

  /**
   * This service with more {@code -D} properties (an {@code extra} key replaces the same key) and
   * more secrets (environment variables the properties name as {@code ${...}}): the benchmark runs
   * trace-api over its own generated database this way, on the same port.
   */
  public ServiceProcess withProperties(
      Map<String, String> extra, Map<String, Supplier<String>> extraSecrets) {
    Map<String, String> merged = new LinkedHashMap<>(properties);
    merged.putAll(extra);
    Map<String, Supplier<String>> mergedSecrets = new LinkedHashMap<>(secrets);
    mergedSecrets.putAll(extraSecrets);
    return new ServiceProcess(name, module, port, settings, merged, mergedSecrets);
  }

  @Override
  public String name() {
    return name;
  }

  /** The Maven module whose runner jar this service runs. */
  public String module() {
    return module;
  }

  @Override
  public List<StackSetting> portSettings() {
    return List.of(port);
  }

  /** {@code <module>/target/quarkus-app/quarkus-run.jar} of this repository. */
  public Path runnerJar() {
    return settings
        .home()
        .resolve(module)
        .resolve("target")
        .resolve("quarkus-app")
        .resolve("quarkus-run.jar");
  }

  /** Building is Maven's job ({@code ./trace demo} does it): here only a clear message. */
  @Override
  public void install(Progress progress) {
    if (!Files.isRegularFile(runnerJar())) {
      throw new StackException(
          runnerJar()
              + " is missing: build it with ./mvnw -B -ntp -pl "
              + module
              + " -am package -DskipTests (./trace demo does this)");
    }
  }

  @Override
  public ProcessHandle start(Progress progress) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(settings.javaCommand());
    command.add(HEAP);
    command.add("-Dquarkus.http.port=" + settings.port(port));
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(runnerJar().toString());
    progress.report(name, "starting " + module + " on " + endpoint());
    Map<String, String> environment = new LinkedHashMap<>();
    secrets.forEach((variable, value) -> environment.put(variable, value.get()));
    return ManagedProcess.start(name, command, settings.dataDir(name), environment, settings);
  }

  /** Quarkus readiness: every health check of the service (Kafka, stores, streams) is UP. */
  @Override
  public void probe() throws Exception {
    HttpResponse<String> ready =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(endpoint() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(3))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (ready.statusCode() != 200) {
      throw new StackException(
          name + " not ready (" + ready.statusCode() + "): " + abbreviate(ready.body()));
    }
  }

  private static String abbreviate(String body) {
    String flat = body.replaceAll("\\s+", " ");
    return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + settings.port(port);
  }
}
