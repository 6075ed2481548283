package io.serialtrace.stack.component;

import io.serialtrace.stack.Commands;
import io.serialtrace.stack.DebianPackages;
import io.serialtrace.stack.ManagedProcess;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.StackException;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private PostgreSQL 15 cluster holding the MES master data, and the source Debezium reads with
 * logical replication ({@code wal_level=logical}, {@code pgoutput}).
 *
 * <p>Debian's {@code postgresql-15} binaries run against a data folder under the stack's state
 * folder, on loopback and the {@code TRACE_POSTGRES_PORT} only, with its unix socket in that folder
 * too: the machine's own clusters, {@code /var/run/postgresql} and port 5432 are never touched.
 *
 * <p>PostgreSQL refuses to run as root, and the stack runs as root on the project's machines. So
 * when this JVM is root, {@code initdb} and the server run as the unprivileged {@code postgres}
 * user (which the Debian package creates) through {@code setpriv}, which switches user and execs
 * without forking: the PID recorded at start is the postmaster's own. As a normal user they run as
 * that user.
 */
public final class PostgresCluster implements Component {
  private static final String NAME = "postgres";
  private static final String DEBIAN_PACKAGE = "postgresql-15";
  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  /** The user that owns the cluster when we are root; created by the Debian package. */
  private static final String SERVICE_USER = "postgres";

  /** Written into postgresql.conf once; the file it names is rewritten at every start. */
  private static final String STACK_CONF = "trace-stack.conf";

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Linux limit for a unix socket path (sun_path is 108 bytes with the terminating NUL). */
  private static final int MAX_SOCKET_PATH = 107;

  private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(4);
  private static final Duration FAST_STOP_GRACE = Duration.ofSeconds(30);

  private final StackSettings settings;

  public PostgresCluster(StackSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<StackSetting> portSettings() {
    return List.of(StackSetting.POSTGRES_PORT);
  }

  @Override
  public void install(Progress progress) throws IOException {
    DebianPackages.ensure(
        NAME, BIN.resolve("postgres"), DEBIAN_PACKAGE, progress, settings.logFile(NAME));
  }

  @Override
  public ProcessHandle start(Progress progress) throws Exception {
    identifier(StackSetting.POSTGRES_USER);
    identifier(StackSetting.POSTGRES_DATABASE);
    Owner owner = owner(progress);
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
    Files.writeString(stackConf, serverConfig(socketDir), StandardCharsets.UTF_8);
    owner.own(stackConf);

    List<String> command = new ArrayList<>(owner.prefix());
    command.addAll(List.of(BIN.resolve("postgres").toString(), "-D", cluster().toString()));
    progress.report(NAME, "starting PostgreSQL 15 on 127.0.0.1:" + port() + " as " + owner.name());
    return ManagedProcess.start(NAME, command, data, Map.of("LC_ALL", "C"), settings);
  }

  /**
   * pg_isready, then a real {@code SELECT 1} over TCP as the application user with its password.
   */
  @Override
  public void probe() throws Exception {
    CommandResult ready =
        capture(
            List.of(
                BIN.resolve("pg_isready").toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port()),
                "-t",
                "2"),
            Map.of());
    if (ready.exitCode() != 0) {
      throw new StackException(
          "postgres on 127.0.0.1:" + port() + " is not accepting connections: " + ready.output());
    }
    String one = psql("postgres", "SELECT 1");
    if (!one.equals("1")) {
      throw new StackException(
          "postgres: SELECT 1 as "
              + user()
              + " on 127.0.0.1:"
              + port()
              + " returned '"
              + one
              + "'");
    }
  }

  /** Creates the application database once; existing data is left alone. */
  @Override
  public void afterReady(Progress progress) throws Exception {
    String database = database();
    String exists =
        psql("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + database + "'");
    if (exists.equals("0")) {
      progress.report(NAME, "creating database " + database);
      psql("postgres", "CREATE DATABASE \"" + database + "\" ENCODING 'UTF8'");
    }
  }

  /** Fast shutdown (SIGINT): active transactions are rolled back, then a clean checkpoint. */
  @Override
  public void stop(ProcessHandle process, Progress progress) throws Exception {
    ManagedProcess.signal(process, "INT");
    if (!ManagedProcess.await(process, FAST_STOP_GRACE)) {
      progress.report(NAME, "fast shutdown took over " + FAST_STOP_GRACE + "; immediate shutdown");
      ManagedProcess.signal(process, "QUIT");
      ManagedProcess.terminate(process, Duration.ofSeconds(10));
    }
  }

  @Override
  public String endpoint() {
    return "postgresql://"
        + user()
        + "@127.0.0.1:"
        + port()
        + "/"
        + database()
        + " (jdbc:postgresql://127.0.0.1:"
        + port()
        + "/"
        + database()
        + ")";
  }

  private void initdb(Owner owner, Progress progress) throws IOException {
    Path data = settings.dataDir(NAME);
    Path staging = data.resolve("cluster.initdb");
    deleteRecursively(staging);
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
      List<String> command = new ArrayList<>(owner.prefix());
      command.addAll(
          List.of(
              BIN.resolve("initdb").toString(),
              "--pgdata=" + staging,
              "--username=" + user(),
              "--pwfile=" + passwordFile,
              // Password authentication for TCP and socket alike: the cluster listens on loopback,
              // which every local user can reach.
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

  private String serverConfig(Path socketDir) {
    Path socket = socketDir.resolve(".s.PGSQL." + port());
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
        "port = " + port(),
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

  private Path cluster() {
    return settings.dataDir(NAME).resolve("cluster");
  }

  private int port() {
    return settings.port(StackSetting.POSTGRES_PORT);
  }

  private String user() {
    return settings.get(StackSetting.POSTGRES_USER);
  }

  private String database() {
    return settings.get(StackSetting.POSTGRES_DATABASE);
  }

  private void identifier(StackSetting setting) {
    String value = settings.get(setting);
    if (!IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException(
          setting.environmentVariable()
              + "="
              + value
              + " is not a plain PostgreSQL name: use at most 63 lower-case letters, digits, _");
    }
  }

  /** Runs one statement with psql over TCP as the application user; returns its trimmed output. */
  private String psql(String database, String sql) throws IOException {
    CommandResult result =
        capture(
            List.of(
                BIN.resolve("psql").toString(),
                "--no-psqlrc",
                "--no-align",
                "--tuples-only",
                "--no-password",
                "--host=127.0.0.1",
                "--port=" + port(),
                "--username=" + user(),
                "--dbname=" + database,
                "--set=ON_ERROR_STOP=1",
                "--command=" + sql),
            Map.of(
                "PGPASSWORD",
                settings.get(StackSetting.POSTGRES_PASSWORD),
                "PGCONNECT_TIMEOUT",
                "3"));
    if (result.exitCode() != 0) {
      String hint =
          result.output().contains("password authentication failed")
              ? " The cluster keeps the password it was initialised with; to start afresh with "
                  + StackSetting.POSTGRES_PASSWORD.environmentVariable()
                  + ", stop the stack and delete "
                  + settings.dataDir(NAME)
                  + "."
              : "";
      throw new StackException(
          "postgres: `psql -c \""
              + sql
              + "\"` as "
              + user()
              + " on 127.0.0.1:"
              + port()
              + "/"
              + database
              + " failed: "
              + result.output()
              + hint);
    }
    return result.output();
  }

  private record CommandResult(int exitCode, String output) {}

  private static CommandResult capture(List<String> command, Map<String, String> environment)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(environment);
    Process process = builder.start();
    try (InputStream output = process.getInputStream()) {
      if (!process.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new StackException(
            "postgres: `" + command.getFirst() + "` did not answer within " + PROBE_TIMEOUT);
      }
      return new CommandResult(
          process.exitValue(), new String(output.readAllBytes(), StandardCharsets.UTF_8).trim());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new StackException("postgres: interrupted while running " + command.getFirst(), e);
    }
  }

  /**
   * Who owns and runs the cluster: the current user, or {@code postgres} through {@code setpriv}
   * when we are root.
   */
  private record Owner(String name, List<String> prefix, Optional<String> chownTo) {
    void own(Path path) throws IOException {
      if (chownTo.isPresent()) {
        var lookup = path.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(path, lookup.lookupPrincipalByName(name));
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .setGroup(lookup.lookupPrincipalByGroupName(chownTo.get()));
      }
    }

    /** The owner must reach the folder through every parent, or initdb fails obscurely later. */
    void requireWritable(Path dir) throws IOException {
      if (prefix.isEmpty()) {
        return;
      }
      List<String> command = new ArrayList<>(prefix);
      command.addAll(List.of("/usr/bin/test", "-w", dir.toString(), "-a", "-x", dir.toString()));
      CommandResult result = capture(command, Map.of());
      if (result.exitCode() != 0) {
        throw new StackException(
            "postgres: PostgreSQL refuses to run as root, so it runs as the user '"
                + name
                + "', who cannot reach "
                + dir
                + " ("
                + (result.output().isEmpty() ? "no access" : result.output())
                + "). Give the parent folders o+x, or point "
                + StackSetting.STATE_DIR.environmentVariable()
                + " at an absolute folder that user can reach.");
      }
    }
  }

  private Owner owner(Progress progress) throws IOException {
    String current = System.getProperty("user.name");
    if (!DebianPackages.runningAsRoot()) {
      return new Owner(current, List.of(), Optional.empty());
    }
    CommandResult entry = capture(List.of("getent", "passwd", SERVICE_USER), Map.of());
    if (entry.exitCode() != 0) {
      progress.report(
          NAME, "creating the system user " + SERVICE_USER + " (PostgreSQL refuses root)");
      Commands.run(
          List.of(
              "useradd",
              "--system",
              "--user-group",
              "--no-create-home",
              "--home-dir",
              "/nonexistent",
              "--shell",
              "/usr/sbin/nologin",
              SERVICE_USER),
          settings.stateDir(),
          Map.of(),
          settings.logFile(NAME),
          Duration.ofSeconds(30));
      entry = capture(List.of("getent", "passwd", SERVICE_USER), Map.of());
    }
    String[] fields = entry.output().split(":");
    if (fields.length < 4) {
      throw new StackException(
          "postgres: cannot read the user "
              + SERVICE_USER
              + " (getent passwd: "
              + entry.output()
              + ")");
    }
    String uid = fields[2];
    String gid = fields[3];
    CommandResult group = capture(List.of("getent", "group", gid), Map.of());
    String groupName = group.exitCode() == 0 ? group.output().split(":")[0] : SERVICE_USER;
    return new Owner(
        SERVICE_USER,
        List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--"),
        Optional.of(groupName));
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
