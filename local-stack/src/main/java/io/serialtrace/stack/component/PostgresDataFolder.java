package io.serialtrace.stack.component;

import io.serialtrace.stack.Commands;
import io.serialtrace.stack.FileTrees;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The cluster's data folder: {@code initdb} on first use, and the stack's own settings file
 * ({@value #STACK_CONF}: port, listen address, socket, logical replication), which {@code
 * postgresql.conf} includes and every start rewrites.
 */
final class PostgresDataFolder {
  private static final String NAME = PostgresCluster.NAME;

  /** Written into postgresql.conf once; the file it names is rewritten at every start. */
  private static final String STACK_CONF = "trace-stack.conf";

  /** Linux limit for a unix socket path (sun_path is 108 bytes with the terminating NUL). */
  private static final int MAX_SOCKET_PATH = 107;

  private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);

  private final StackSettings settings;

  PostgresDataFolder(StackSettings settings) {
    this.settings = settings;
  }

  /** The folder the server runs on ({@code postgres -D}). */
  Path cluster() {
    return settings.dataDir(NAME).resolve("cluster");
  }

  /**
   * Creates the folders for {@code owner}, runs initdb if the cluster is new and writes the stack's
   * settings file.
   */
  void prepare(PostgresOwner owner, Progress progress) throws IOException {
    Path data = settings.dataDir(NAME);
    Files.createDirectories(data);
    owner.own(data);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    owner.requireWritable(data);
    Path socketDir = data.resolve("socket");
    Files.createDirectories(socketDir);
    owner.own(socketDir);
    if (!Files.isRegularFile(cluster().resolve("PG_VERSION"))) {
      initdb(owner, progress);
    }
    Path stackConf = cluster().resolve(STACK_CONF);
    Files.writeString(stackConf, stackConf(socketDir), StandardCharsets.UTF_8);
    owner.own(stackConf);
  }

  private void initdb(PostgresOwner owner, Progress progress) throws IOException {
    Path data = settings.dataDir(NAME);
    Path staging = data.resolve("cluster.initdb");
    FileTrees.delete(staging);
    Path passwordFile = data.resolve("initdb.pw");
    Files.deleteIfExists(passwordFile);
    Files.createFile(
        passwordFile,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(
          passwordFile,
          settings.get(StackSetting.POSTGRES_PASSWORD) + "\n",
          StandardCharsets.UTF_8);
      owner.own(passwordFile);
      progress.report(NAME, "initdb (first start) into " + cluster());
      List<String> command =
          owner.command(
              List.of(
                  PostgresCluster.BIN.resolve("initdb").toString(),
                  "--pgdata=" + staging,
                  "--username=" + settings.get(StackSetting.POSTGRES_USER),
                  "--pwfile=" + passwordFile,
                  // Password authentication for TCP and socket alike: the cluster listens on
                  // loopback, which every local user can reach.
                  "--auth=scram-sha-256",
                  "--encoding=UTF8",
                  "--locale=C",
                  "--no-instructions"));
      Commands.run(command, data, Map.of("LC_ALL", "C"), settings.logFile(NAME), INITDB_TIMEOUT);
    } finally {
      Files.deleteIfExists(passwordFile);
    }
    Files.writeString(
        staging.resolve("postgresql.conf"),
        "\n# The local stack's settings (port, listen address, replication), rewritten at every"
            + " start.\ninclude '"
            + STACK_CONF
            + "'\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    // Renamed only once complete, so an interrupted initdb is redone rather than half-used.
    Files.move(staging, cluster(), StandardCopyOption.ATOMIC_MOVE);
  }

  private String stackConf(Path socketDir) {
    int port = settings.port(StackSetting.POSTGRES_PORT);
    Path socket = socketDir.resolve(".s.PGSQL." + port);
    String socketDirectories;
    String socketNote;
    if (socket.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH) {
      socketDirectories = socketDir.toString();
      socketNote =
          "# In the stack's folder, not /var/run/postgresql: the machine's clusters own that.";
    } else {
      socketDirectories = "";
      socketNote =
          "# No unix socket: "
              + socket
              + " is longer than the "
              + MAX_SOCKET_PATH
              + "-byte limit; clients use TCP.";
    }
    return String.join(
        "\n",
        "# Generated by the local stack (PostgresCluster) at every start; edits are overwritten.",
        "listen_addresses = '127.0.0.1'",
        "port = " + port,
        socketNote,
        "unix_socket_directories = '" + socketDirectories + "'",
        "# Debezium reads changes through logical replication (pgoutput); a slot and a WAL sender",
        "# per connector, with room for test runs that each use their own slot.",
        "wal_level = logical",
        "max_wal_senders = 20",
        "max_replication_slots = 20",
        "# A slot left behind by an aborted run must not fill the disk with retained WAL.",
        "max_slot_wal_keep_size = '2GB'",
        "cluster_name = 'trace-stack'",
        "timezone = 'UTC'",
        "log_timezone = 'UTC'",
        "logging_collector = off",
        "log_line_prefix = '%m [%p] %q%u@%d '",
        "");
  }
}
