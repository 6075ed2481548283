package io.serialtrace.stack.component;

import io.serialtrace.stack.Commands;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.StackException;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.kafka.KafkaCredentials;
import io.serialtrace.stack.kafka.KafkaSecurity;
import io.serialtrace.stack.kafka.ScramStorageFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * The broker's data folder: {@code server.properties}, written on every start, and the storage,
 * formatted once with a cluster id kept beside it. In secure mode the SCRAM credentials go into the
 * metadata log at format time, so the mode is fixed per data folder and remembered there.
 */
final class KafkaStorage {
  private static final String NAME = KafkaBroker.NAME;
  private static final String CLUSTER_ID_FILE = "cluster.id";
  private static final String CONFIG_FILE = "server.properties";
  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

  private final StackSettings settings;
  private final KafkaSecurity security;
  private final KafkaJvm jvm;

  KafkaStorage(StackSettings settings, KafkaSecurity security, KafkaJvm jvm) {
    this.settings = settings;
    this.security = security;
    this.jvm = jvm;
  }

  /**
   * Checks the mode, writes the config and formats the storage if it is new; returns the config.
   */
  Path prepare(Progress progress) throws IOException {
    Path data = settings.dataDir(NAME);
    Path logDirs = data.resolve("logs");
    Files.createDirectories(logDirs);
    requireMode(settings, security);
    KafkaCredentials credentials = KafkaCredentials.of(settings);
    if (security == KafkaSecurity.SASL_SCRAM) {
      credentials.createMissing();
    }
    Path config = data.resolve(CONFIG_FILE);
    writePrivately(config, KafkaServerProperties.render(settings, security, credentials, logDirs));
    if (!Files.isRegularFile(logDirs.resolve("meta.properties"))) {
      format(data, logDirs, config, credentials, progress);
    }
    return config;
  }

  private void format(
      Path data, Path logDirs, Path config, KafkaCredentials credentials, Progress progress)
      throws IOException {
    String clusterId = clusterId(data);
    progress.report(
        NAME,
        "formatting storage in " + logDirs + " (cluster id " + clusterId + ", " + security + ")");
    List<String> tool = new ArrayList<>();
    switch (security) {
      case PLAINTEXT ->
          tool.addAll(
              List.of(
                  "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString()));
      case SASL_SCRAM -> {
        tool.addAll(
            List.of(
                ScramStorageFormat.class.getName(),
                clusterId,
                config.toString(),
                credentials.dir().toString()));
        tool.addAll(KafkaCredentials.principals());
      }
    }
    Commands.run(jvm.toolCommand(tool), data, Map.of(), settings.logFile(NAME), FORMAT_TIMEOUT);
    Files.writeString(data.resolve(KafkaSecurity.MODE_FILE), security.name() + "\n");
  }

  /**
   * Fails when the broker's storage was formatted in another mode than {@code security}: SCRAM
   * credentials and ACLs live in the metadata log, so a mode switch needs a fresh storage.
   */
  static void requireMode(StackSettings settings, KafkaSecurity security) {
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

  /** The config may hold the admin's password (inter-broker login): readable by the owner only. */
  private static void writePrivately(Path file, String text) throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
