package io.serialtrace.stack.component;

import io.serialtrace.stack.ManagedProcess;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.kafka.KafkaCredentials;
import io.serialtrace.stack.kafka.KafkaSecurity;
import io.serialtrace.stack.kafka.ServiceAccess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real Apache Kafka broker (KRaft, broker and controller in one node) in a child JVM, so that
 * Kafka Streams with {@code exactly_once_v2} and {@code group.protocol=streams}, transactions and
 * consumer groups behave as on a cluster, without Docker.
 *
 * <p>The parts: {@link KafkaJvm} (the broker's classpath and command), {@link KafkaStorage} (the
 * data folder: {@code server.properties} from {@link KafkaServerProperties}, the storage format),
 * {@link KafkaReadinessProbe} and {@link KafkaClusterSetup} (what a ready broker is given once).
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

  static final String NAME = "kafka";

  private final StackSettings settings;
  private final KafkaSecurity security;
  private final KafkaJvm jvm;
  private final KafkaStorage storage;
  private final KafkaClients clients;
  private final KafkaReadinessProbe readiness;
  private final KafkaClusterSetup setup;

  /** The broker in the mode its storage was formatted with (plaintext when not formatted yet). */
  public KafkaBroker(StackSettings settings) {
    this(settings, KafkaSecurity.remembered(settings));
  }

  /** The broker in the given mode; starting it on storage formatted otherwise fails clearly. */
  public KafkaBroker(StackSettings settings, KafkaSecurity security) {
    this.settings = settings;
    this.security = security;
    this.jvm = new KafkaJvm(settings);
    this.storage = new KafkaStorage(settings, security, jvm);
    this.clients = new KafkaClients(settings, security);
    this.readiness = new KafkaReadinessProbe(clients);
    this.setup = new KafkaClusterSetup(security, clients, credentials());
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
    Path broker = jvm.brokerJar();
    progress.report(NAME, "broker libraries: " + broker.getParent());
  }

  @Override
  public ProcessHandle start(Progress progress) throws IOException {
    jvm.brokerJar();
    Path config = storage.prepare(progress);
    progress.report(NAME, "starting broker on " + clients.bootstrap());
    return ManagedProcess.start(
        NAME, jvm.brokerCommand(config), settings.dataDir(NAME), Map.of(), settings);
  }

  /** A produce and a read-back through the readiness topic ({@link KafkaReadinessProbe}). */
  @Override
  public void probe() {
    readiness.probe();
  }

  /** The streams protocol, the ACLs in secure mode, the pipeline's topics. */
  @Override
  public void afterReady(Progress progress) throws Exception {
    setup.apply(progress);
  }

  /**
   * Fails when the broker's storage was formatted in another mode than {@code security}: SCRAM
   * credentials and ACLs live in the metadata log, so a mode switch needs a fresh storage. Checked
   * before anything starts, also when the broker already runs.
   */
  public static void requireMode(StackSettings settings, KafkaSecurity security) {
    KafkaStorage.requireMode(settings, security);
  }

  @Override
  public String endpoint() {
    return switch (security) {
      case PLAINTEXT -> clients.bootstrap();
      case SASL_SCRAM ->
          clients.bootstrap()
              + " (SASL_PLAINTEXT, "
              + KafkaCredentials.MECHANISM
              + ", passwords in "
              + credentials().dir()
              + ")";
    };
  }

  private KafkaCredentials credentials() {
    return KafkaCredentials.of(settings);
  }
}
