package io.serialtrace.stack.component;

import io.serialtrace.stack.DebianPackages;
import io.serialtrace.stack.ManagedProcess;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.StackException;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A private PostgreSQL 15 cluster holding the MES master data, and the source Debezium reads with
 * logical replication ({@code wal_level=logical}, {@code pgoutput}).
 *
 * <p>Debian's {@code postgresql-15} binaries run against a data folder under the stack's state
 * folder ({@link PostgresDataFolder}), on loopback and the {@code TRACE_POSTGRES_PORT} only, with
 * its unix socket in that folder too: the machine's own clusters, {@code /var/run/postgresql} and
 * port 5432 are never touched.
 *
 * <p>PostgreSQL refuses to run as root, and the stack runs as root on the project's machines. So
 * when this JVM is root, {@code initdb} and the server run as the unprivileged {@code postgres}
 * user ({@link PostgresOwner}). As a normal user they run as that user.
 */
public final class PostgresCluster implements Component {
  static final String NAME = "postgres";
  static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static final String DEBIAN_PACKAGE = "postgresql-15";
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Duration FAST_STOP_GRACE = Duration.ofSeconds(30);

  private final StackSettings settings;
  private final PostgresDataFolder dataFolder;

  public PostgresCluster(StackSettings settings) {
    this.settings = settings;
    this.dataFolder = new PostgresDataFolder(settings);
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
    PostgresOwner owner = PostgresOwner.resolve(settings, progress);
    dataFolder.prepare(owner, progress);
    List<String> command =
        owner.command(
            List.of(BIN.resolve("postgres").toString(), "-D", dataFolder.cluster().toString()));
    progress.report(NAME, "starting PostgreSQL 15 on 127.0.0.1:" + port() + " as " + owner.name());
    return ManagedProcess.start(
        NAME, command, settings.dataDir(NAME), Map.of("LC_ALL", "C"), settings);
  }

  /**
   * pg_isready, then a real {@code SELECT 1} over TCP as the application user with its password.
   */
  @Override
  public void probe() throws Exception {
    PostgresCommand ready =
        PostgresCommand.run(
            List.of(
                BIN.resolve("pg_isready").toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port()),
                "-t",
                "2"),
            Map.of());
    if (!ready.succeeded()) {
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
    PostgresCommand result =
        PostgresCommand.run(
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
    if (!result.succeeded()) {
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
}
