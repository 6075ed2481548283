package io.serialtrace.stack.component;

import io.serialtrace.stack.FileTrees;
import io.serialtrace.stack.ManagedProcess;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.StackException;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.clickhouse.ClickHouseAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * ClickHouse 26.7 — the real engine, not Debian's 2018 server — from the npm package that ships
 * {@code libchdb.so}. A small C launcher ({@code local-stack/src/main/c/chdb_server.c}) runs the
 * clickhouse-local command line through {@code chdb_query_cmdline}: it opens the HTTP and native
 * ports, then runs a keep-alive query; killing that query is the clean stop.
 *
 * <p>The parts: {@link ChdbInstallation} (library and launcher), {@link ClickHouseConfigFiles}
 * (config.xml, and users.xml from the access declaration {@link ClickHouseAccess}) and {@link
 * ClickHouseHttp} (the statements this class runs as the owner user).
 */
public final class ClickHouseServer implements Component {
  /** The application's database, created once the server is ready. */
  public static final String DATABASE = ClickHouseAccess.Names.DATABASE;

  /**
   * trace-api's audit-of-access table (a sink migration creates it). The grant names it even before
   * it exists: ClickHouse grants are checked at query time, not against existing tables.
   */
  public static final String RECORD_ACCESS_TABLE = ClickHouseAccess.Names.RECORD_ACCESS_TABLE;

  static final String NAME = "clickhouse";
  private static final String LOG_LEVEL = "information";

  /**
   * Keeps clickhouse-local serving: five rows a second (so a KILL lands within 0.2 s), forever, no
   * output. The literal marks it so {@link #stop} can kill exactly this query ({@code startsWith}
   * cannot match the KILL statement itself).
   */
  private static final String KEEP_ALIVE =
      "SELECT 'serialtrace-keepalive', count() FROM system.numbers"
          + " WHERE sleepEachRow(0.2) SETTINGS max_block_size = 1";

  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final StackSettings settings;
  private final ChdbInstallation installation;
  private final ClickHouseConfigFiles configFiles;
  private final ClickHouseHttp http;

  public ClickHouseServer(StackSettings settings) {
    this.settings = settings;
    this.installation = new ChdbInstallation(settings);
    this.configFiles = new ClickHouseConfigFiles(settings);
    this.http = new ClickHouseHttp(settings);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<StackSetting> portSettings() {
    return List.of(StackSetting.CLICKHOUSE_HTTP_PORT, StackSetting.CLICKHOUSE_NATIVE_PORT);
  }

  @Override
  public void install(Progress progress) throws IOException {
    installation.ensure(progress);
  }

  @Override
  public ProcessHandle start(Progress progress) throws IOException {
    Path data = settings.dataDir(NAME);
    Files.createDirectories(data);
    // The engine rebuilds its system tables at each start; files left from the last run clash.
    FileTrees.delete(data.resolve("data").resolve("system"));
    Path config = configFiles.write(data);
    progress.report(NAME, "starting ClickHouse " + installation.version() + " from libchdb");
    List<String> command =
        List.of(
            installation.launcher().toString(),
            installation.library().toString(),
            "--config-file=" + config,
            "--path=" + data + "/",
            "--listen_host=127.0.0.1",
            "--http_port=" + settings.port(StackSetting.CLICKHOUSE_HTTP_PORT),
            "--tcp_port=" + settings.port(StackSetting.CLICKHOUSE_NATIVE_PORT),
            "--log-level=" + LOG_LEVEL,
            "--multiquery",
            "--query",
            "SYSTEM START LISTEN HTTP; SYSTEM START LISTEN TCP; " + KEEP_ALIVE);
    return ManagedProcess.start(NAME, command, data, Map.of(), settings);
  }

  @Override
  public void probe() throws Exception {
    String answer = http.query("SELECT 1", Duration.ofSeconds(3)).strip();
    if (!answer.equals("1")) {
      throw new StackException(
          NAME + ": SELECT 1 over HTTP at " + http.url() + " answered '" + answer + "'");
    }
  }

  @Override
  public void afterReady(Progress progress) throws Exception {
    http.query("CREATE DATABASE IF NOT EXISTS " + DATABASE, Duration.ofSeconds(10));
    progress.report(NAME, "database " + DATABASE + " ready");
  }

  /**
   * Kills the keep-alive query, after which the engine shuts down on its own; SIGTERM (which also
   * keeps every acknowledged insert) only if that does not work.
   */
  @Override
  public void stop(ProcessHandle process, Progress progress) {
    try {
      String killed =
          http.query(
              "KILL QUERY WHERE startsWith(query, 'SELECT ''serialtrace-keepalive''') SYNC",
              STOP_GRACE);
      if (killed.isBlank()) {
        progress.report(NAME, "keep-alive query not found; terminating the process");
      } else if (ManagedProcess.await(process, STOP_GRACE)) {
        return;
      } else {
        progress.report(NAME, "still running " + STOP_GRACE.toSeconds() + " s after KILL QUERY");
      }
    } catch (Exception e) {
      progress.report(NAME, "KILL QUERY failed (" + e.getMessage() + "); terminating the process");
    }
    ManagedProcess.terminate(process, Duration.ofSeconds(30));
  }

  @Override
  public String endpoint() {
    return http.url()
        + " (native "
        + settings.port(StackSetting.CLICKHOUSE_NATIVE_PORT)
        + "), user "
        + settings.get(StackSetting.CLICKHOUSE_USER)
        + ", database "
        + DATABASE;
  }
}
