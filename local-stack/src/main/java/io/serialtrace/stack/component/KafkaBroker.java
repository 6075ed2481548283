package io.serialtrace.stack.component;

import io.serialtrace.stack.Commands;
import io.serialtrace.stack.ManagedProcess;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.StackException;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.kafka.KafkaCredentials;
import io.serialtrace.stack.kafka.KafkaSecurity;
import io.serialtrace.stack.kafka.ScramStorageFormat;
import io.serialtrace.stack.kafka.ServiceAccess;
import io.serialtrace.stack.kafka.TopicProvisioner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real Apache Kafka broker (KRaft, broker and controller in one node) in a child JVM, so that
 * Kafka Streams with {@code exactly_once_v2} and {@code group.protocol=streams}, transactions and
 * consumer groups behave as on a cluster, without Docker.
 *
 * <p>The broker runs from {@code local-stack/target/stack-lib} (the module's runtime classpath,
 * which holds {@code kafka_2.13} and {@code slf4j-simple}). Its {@code server.properties} is
 * regenerated on every start from the settings, so a changed port needs no reformat: the quorum is
 * the static {@code controller.quorum.voters} list, not a dynamic quorum whose voter endpoints
 * would be frozen into the metadata log at format time. The storage is formatted once, with a
 * cluster id kept in the data folder.
 *
 * <p>Secure mode ({@code ./trace up --secure}, {@link KafkaSecurity#SASL_SCRAM}): the client
 * listener takes SASL_PLAINTEXT with SCRAM-SHA-512 (still loopback only), the StandardAuthorizer
 * denies whatever no ACL allows, and after readiness the ACLs are made equal to {@link
 * ServiceAccess}. SCRAM credentials (admin and one principal per service, passwords from {@link
 * KafkaCredentials}) go into the metadata log when the storage is formatted, so the mode is fixed
 * per data folder and remembered there. The controller listener stays PLAINTEXT on loopback: SCRAM
 * is not available to KRaft controllers (its credentials live in the metadata they serve), so the
 * broker reaches its own controller as {@code ANONYMOUS}, which is therefore a super user there.
 */
public final class KafkaBroker implements Component {
  /** Topic the readiness probe writes to and reads back. */
  public static final String READINESS_TOPIC = "__trace_readiness";

  private static final String NAME = "kafka";
  private static final int NODE_ID = 1;
  private static final String CLUSTER_ID_FILE = "cluster.id";
  private static final String CONFIG_FILE = "server.properties";
  // 50 partitions per internal topic (the default) only slow the first group join and the first
  // transaction on one machine.
  private static final String INTERNAL_TOPIC_PARTITIONS = "5";
  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(500);
  private static final Duration FEATURE_TIMEOUT = Duration.ofSeconds(10);
  private static final String STREAMS_FEATURE = "streams.version";
  private static final short STREAMS_FEATURE_LEVEL = 1;
  // The machine also runs the registry, ClickHouse, Postgres and the tests.
  private static final List<String> JVM_OPTIONS =
      List.of(
          "-Xms256m",
          "-Xmx1g",
          "-XX:+UseG1GC",
          "-XX:MaxGCPauseMillis=20",
          "-XX:+ExitOnOutOfMemoryError",
          "-Djava.awt.headless=true");
  private static final List<String> LOGGING_OPTIONS =
      List.of(
          "-Dorg.slf4j.simpleLogger.showDateTime=true",
          "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
          // Printed on every start: hundreds of lines that bury the useful ones.
          "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config.AbstractConfig=warn");

  private final StackSettings settings;
  private final KafkaSecurity security;

  /** The broker in the mode its storage was formatted with (plaintext when not formatted yet). */
  public KafkaBroker(StackSettings settings) {
    this(settings, KafkaSecurity.remembered(settings));
  }

  /** The broker in the given mode; starting it on storage formatted otherwise fails clearly. */
  public KafkaBroker(StackSettings settings, KafkaSecurity security) {
    this.settings = settings;
    this.security = security;
  }

  public KafkaSecurity security() {
    return security;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<StackSetting> portSettings() {
    return List.of(StackSetting.KAFKA_PORT, StackSetting.KAFKA_CONTROLLER_PORT);
  }

  /** Nothing to download: the broker comes with the module build; this checks it is there. */
  @Override
  public void install(Progress progress) throws IOException {
    Path broker = brokerJar();
    progress.report(NAME, "broker libraries: " + broker.getParent());
  }

  @Override
  public ProcessHandle start(Progress progress) throws IOException {
    brokerJar();
    Path data = settings.dataDir(NAME);
    Path logDirs = data.resolve("logs");
    Files.createDirectories(logDirs);
    requireSameMode(data);
    Path config = data.resolve(CONFIG_FILE);
    writePrivately(config, serverProperties(logDirs));
    if (!Files.isRegularFile(logDirs.resolve("meta.properties"))) {
      String clusterId = clusterId(data);
      progress.report(
          NAME,
          "formatting storage in " + logDirs + " (cluster id " + clusterId + ", " + security + ")");
      List<String> format = new ArrayList<>(javaPrefix("-Xmx256m"));
      switch (security) {
        case PLAINTEXT ->
            format.addAll(
                List.of(
                    "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString()));
        case SASL_SCRAM -> {
          format.addAll(
              List.of(
                  ScramStorageFormat.class.getName(),
                  clusterId,
                  config.toString(),
                  credentials().dir().toString()));
          format.addAll(KafkaCredentials.principals());
        }
      }
      Commands.run(format, data, Map.of(), settings.logFile(NAME), FORMAT_TIMEOUT);
      Files.writeString(data.resolve(KafkaSecurity.MODE_FILE), security.name() + "\n");
    }
    List<String> command = new ArrayList<>(javaPrefix(JVM_OPTIONS.toArray(String[]::new)));
    command.addAll(LOGGING_OPTIONS);
    command.addAll(List.of("kafka.Kafka", config.toString()));
    progress.report(NAME, "starting broker on " + bootstrap());
    return ManagedProcess.start(NAME, command, data, Map.of(), settings);
  }

  /**
   * Creates the readiness topic if needed, produces one record with {@code acks=all} and reads it
   * back by offset: the broker, the controller, the partition leader and the fetch path all work.
   */
  @Override
  public void probe() throws Exception {
    long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
    requireListening();
    createReadinessTopic(deadline);
    String marker = UUID.randomUUID().toString();
    RecordMetadata written = produce(marker, deadline);
    consume(written, marker, deadline);
  }

  /**
   * Fails fast while the listener is not open yet: the clients would otherwise retry quietly until
   * their timeouts and log a warning for every refused connection.
   */
  private void requireListening() {
    int port = settings.port(StackSetting.KAFKA_PORT);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
    } catch (IOException e) {
      throw new StackException(
          NAME + ": nothing accepts connections on 127.0.0.1:" + port + " (" + e.getMessage() + ")",
          e);
    }
  }

  private void createReadinessTopic(long deadline) {
    int timeout = (int) PROBE_TIMEOUT.toMillis();
    Admin admin =
        Admin.create(
            clientConfig(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout)));
    // Each probe adds one record; an hour of retention keeps the topic near empty.
    NewTopic topic =
        new NewTopic(READINESS_TOPIC, 1, (short) 1).configs(Map.of("retention.ms", "3600000"));
    try {
      admin.createTopics(List.of(topic)).all().get(remaining(deadline), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw notReady("could not create topic " + READINESS_TOPIC, e.getCause());
      }
    } catch (TimeoutException e) {
      throw notReady("no answer to creating topic " + READINESS_TOPIC, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw notReady("interrupted while creating topic " + READINESS_TOPIC, e);
    } finally {
      admin.close(CLOSE_TIMEOUT);
    }
  }

  private RecordMetadata produce(String marker, long deadline) {
    KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            clientConfig(producerConfig()), new StringSerializer(), new StringSerializer());
    try {
      return producer
          .send(new ProducerRecord<>(READINESS_TOPIC, marker, marker))
          .get(remaining(deadline), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw notReady("no acknowledged produce to " + READINESS_TOPIC, e.getCause());
    } catch (TimeoutException e) {
      throw notReady("no acknowledged produce to " + READINESS_TOPIC, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw notReady("interrupted while producing to " + READINESS_TOPIC, e);
    } finally {
      producer.close(CLOSE_TIMEOUT);
    }
  }

  private void consume(RecordMetadata written, String marker, long deadline) {
    TopicPartition partition = new TopicPartition(written.topic(), written.partition());
    // No group: assign and seek read the log directly, so the probe never waits for a rebalance.
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            clientConfig(consumerConfig()), new StringDeserializer(), new StringDeserializer());
    try {
      consumer.assign(List.of(partition));
      consumer.seek(partition, written.offset());
      while (remaining(deadline) > 0) {
        for (ConsumerRecord<String, String> record :
            consumer.poll(Duration.ofMillis(remaining(deadline)))) {
          if (marker.equals(record.value())) {
            return;
          }
        }
      }
    } catch (KafkaException e) {
      throw notReady("could not read back from " + partition, e);
    } finally {
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    }
    throw notReady(
        "the record produced to "
            + partition
            + " at offset "
            + written.offset()
            + " was not read back",
        null);
  }

  /**
   * Makes sure the streams rebalance protocol (KIP-1071, {@code group.protocol=streams}) is on. In
   * Kafka 4.2+ it is a cluster feature, {@code streams.version}, that a fresh format sets to 1 (the
   * broker setting {@code group.coordinator.rebalance.protocols} is deprecated in 4.3); storage
   * formatted by an older Kafka is upgraded here.
   */
  @Override
  public void afterReady(Progress progress) throws Exception {
    int timeout = (int) FEATURE_TIMEOUT.toMillis();
    try (Admin admin =
        Admin.create(
            clientConfig(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout)))) {
      short level = streamsFeatureLevel(admin);
      if (level < STREAMS_FEATURE_LEVEL) {
        progress.report(NAME, "enabling " + STREAMS_FEATURE + "=" + STREAMS_FEATURE_LEVEL);
        admin
            .updateFeatures(
                Map.of(
                    STREAMS_FEATURE,
                    new FeatureUpdate(STREAMS_FEATURE_LEVEL, FeatureUpdate.UpgradeType.UPGRADE)),
                new UpdateFeaturesOptions())
            .all()
            .get(timeout, TimeUnit.MILLISECONDS);
        level = streamsFeatureLevel(admin);
        if (level < STREAMS_FEATURE_LEVEL) {
          throw new StackException(
              NAME
                  + " at "
                  + bootstrap()
                  + ": the cluster feature "
                  + STREAMS_FEATURE
                  + " is "
                  + level
                  + " after an upgrade to "
                  + STREAMS_FEATURE_LEVEL
                  + "; group.protocol=streams will be refused");
        }
      }
      progress.report(
          NAME, "streams rebalance protocol on (" + STREAMS_FEATURE + "=" + level + ")");
      if (security == KafkaSecurity.SASL_SCRAM) {
        applyAcls(admin, progress);
      }
      TopicProvisioner.Outcome topics = TopicProvisioner.ensureAll(admin, FEATURE_TIMEOUT);
      progress.report(
          NAME,
          "pipeline topics: "
              + (topics.created().isEmpty() ? "all present" : "created " + topics.created()));
      for (String mismatch : topics.mismatched()) {
        progress.report(
            NAME, "topic " + mismatch + " (left as it is; recreate it to follow the declaration)");
      }
    }
  }

  /**
   * Makes the broker's ACLs exactly {@link ServiceAccess}'s: creates the missing ones and deletes
   * any other (an ACL granted by hand would otherwise outlive the declaration).
   */
  private void applyAcls(Admin admin, Progress progress) throws Exception {
    Set<AclBinding> wanted = ServiceAccess.allBindings(ServiceAccess.TopicCreation.SERVICES);
    long timeout = FEATURE_TIMEOUT.toMillis();
    var existing =
        admin.describeAcls(AclBindingFilter.ANY).values().get(timeout, TimeUnit.MILLISECONDS);
    List<AclBindingFilter> stale =
        existing.stream()
            .filter(binding -> !wanted.contains(binding))
            .map(AclBinding::toFilter)
            .toList();
    if (!stale.isEmpty()) {
      admin.deleteAcls(stale).all().get(timeout, TimeUnit.MILLISECONDS);
    }
    admin.createAcls(wanted).all().get(timeout, TimeUnit.MILLISECONDS);
    progress.report(
        NAME,
        "ACLs: "
            + wanted.size()
            + " for principals "
            + KafkaCredentials.principals().subList(1, KafkaCredentials.principals().size())
            + (stale.isEmpty() ? "" : ", " + stale.size() + " undeclared removed")
            + "; passwords in "
            + credentials().dir());
  }

  /**
   * Fails when the storage was formatted in the other mode: SCRAM credentials and ACLs live in the
   * metadata log, so a mode switch needs a fresh storage.
   */
  private void requireSameMode(Path data) {
    requireMode(settings, security);
    if (security == KafkaSecurity.SASL_SCRAM) {
      credentials().createMissing();
    }
  }

  /**
   * Fails when the broker's storage was formatted in another mode than {@code security}: SCRAM
   * credentials and ACLs live in the metadata log, so a mode switch needs a fresh storage. Checked
   * before anything starts, also when the broker already runs.
   */
  public static void requireMode(StackSettings settings, KafkaSecurity security) {
    Path data = settings.dataDir(NAME);
    var formatted = KafkaSecurity.formattedIn(data);
    if (formatted.isPresent() && formatted.get() != security) {
      throw new StackException(
          NAME
              + ": the storage in "
              + data
              + " was formatted "
              + formatted.get()
              + ", this start asks for "
              + security
              + ". Either start it as it was ("
              + (formatted.get() == KafkaSecurity.SASL_SCRAM
                  ? "./trace up --secure"
                  : "./trace up without --secure")
              + "), or switch: ./trace down, then rm -rf "
              + data
              + " "
              + settings.dataDir("gate")
              + " "
              + settings.dataDir("ingest")
              + " (the topics are lost; the gate's stores and ingest's CDC offsets point at"
              + " them), then start again.");
    }
  }

  /** The config may hold the admin's password (inter-broker login): readable by the owner only. */
  private static void writePrivately(Path file, String text) throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private KafkaCredentials credentials() {
    return KafkaCredentials.of(settings);
  }

  private static short streamsFeatureLevel(Admin admin) throws Exception {
    FinalizedVersionRange range =
        admin
            .describeFeatures()
            .featureMetadata()
            .get(FEATURE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .finalizedFeatures()
            .get(STREAMS_FEATURE);
    return range == null ? 0 : range.maxVersionLevel();
  }

  @Override
  public String endpoint() {
    return switch (security) {
      case PLAINTEXT -> bootstrap();
      case SASL_SCRAM ->
          bootstrap()
              + " (SASL_PLAINTEXT, "
              + KafkaCredentials.MECHANISM
              + ", passwords in "
              + credentials().dir()
              + ")";
    };
  }

  private String bootstrap() {
    return "127.0.0.1:" + settings.port(StackSetting.KAFKA_PORT);
  }

  private String serverProperties(Path logDirs) {
    int port = settings.port(StackSetting.KAFKA_PORT);
    int controllerPort = settings.port(StackSetting.KAFKA_CONTROLLER_PORT);
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    String client = security.securityProtocol();
    p.put(
        "listeners", client + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", client + "://127.0.0.1:" + port);
    p.put("listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", client);
    p.put("controller.listener.names", "CONTROLLER");
    if (security == KafkaSecurity.SASL_SCRAM) {
      p.put("sasl.enabled.mechanisms", KafkaCredentials.MECHANISM);
      p.put("sasl.mechanism.inter.broker.protocol", KafkaCredentials.MECHANISM);
      p.put(
          "listener.name."
              + client.toLowerCase(java.util.Locale.ROOT)
              + ".scram-sha-512.sasl.jaas.config",
          KafkaCredentials.jaasConfig(
              KafkaCredentials.ADMIN, credentials().password(KafkaCredentials.ADMIN)));
      p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
      p.put("allow.everyone.if.no.acl.found", "false");
      // ANONYMOUS: the broker's own requests to its controller over the PLAINTEXT loopback one.
      p.put("super.users", "User:" + KafkaCredentials.ADMIN + ";User:ANONYMOUS");
    }
    p.put("log.dirs", logDirs.toString());
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", INTERNAL_TOPIC_PARTITIONS);
    // exactly_once_v2 needs the transaction log; its min ISR defaults to 2, above one node.
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", INTERNAL_TOPIC_PARTITIONS);
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", INTERNAL_TOPIC_PARTITIONS);
    // Tests start groups one member at a time; a rebalance delay would only add waiting.
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("group.streams.initial.rebalance.delay.ms", "0");
    // One creator per topic: the stack creates the pipeline's topics from TraceTopic after start;
    // a client that writes or reads a missing topic must fail, not create it with broker defaults.
    p.put("auto.create.topics.enable", "false");
    StringBuilder text = new StringBuilder("# Written by KafkaBroker on every start.\n");
    p.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    return text.toString();
  }

  /** The cluster id kept beside the storage, created once: the storage is formatted with it. */
  private static String clusterId(Path data) throws IOException {
    Path file = data.resolve(CLUSTER_ID_FILE);
    if (Files.isRegularFile(file)) {
      String id = Files.readString(file).trim();
      if (!id.isEmpty()) {
        return id;
      }
    }
    String id = Uuid.randomUuid().toString();
    Files.writeString(file, id + "\n");
    return id;
  }

  private List<String> javaPrefix(String... jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(settings.javaCommand());
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    // The module's classes too: the SCRAM format step runs ScramStorageFormat from them.
    command.add(
        settings.moduleTarget().resolve("stack-lib")
            + "/*"
            + java.io.File.pathSeparator
            + settings.moduleTarget().resolve("classes"));
    return command;
  }

  private Path brokerJar() throws IOException {
    Path lib = settings.moduleTarget().resolve("stack-lib");
    if (Files.isDirectory(lib)) {
      try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "kafka_2.13-*.jar")) {
        for (Path jar : jars) {
          return jar;
        }
      }
    }
    throw new StackException(
        NAME
            + ": no kafka_2.13 jar in "
            + lib
            + "; build the local-stack module first: ./mvnw -pl local-stack -am package"
            + " -DskipTests");
  }

  private Properties clientConfig(Map<String, Object> specific) {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    if (security == KafkaSecurity.SASL_SCRAM) {
      config.putAll(credentials().clientConfig(KafkaCredentials.ADMIN));
    }
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "trace-stack-readiness");
    int timeout = (int) PROBE_TIMEOUT.toMillis();
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 1000L);
    config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 1000L);
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200L);
    config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50L);
    config.put(AdminClientConfig.ENABLE_METRICS_PUSH_CONFIG, false);
    config.putAll(specific);
    return config;
  }

  private static Map<String, Object> producerConfig() {
    int timeout = (int) PROBE_TIMEOUT.toMillis();
    return Map.ofEntries(
        Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
        Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) timeout),
        Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout),
        Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout),
        Map.entry(ProducerConfig.LINGER_MS_CONFIG, 0),
        Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false));
  }

  private static Map<String, Object> consumerConfig() {
    return Map.ofEntries(
        Map.entry(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis()),
        Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
  }

  private static long remaining(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  private StackException notReady(String what, Throwable cause) {
    String reason = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
    return new StackException(
        NAME
            + " at "
            + bootstrap()
            + " is not ready: "
            + what
            + " within "
            + PROBE_TIMEOUT.toSeconds()
            + " s"
            + reason,
        cause);
  }
}
