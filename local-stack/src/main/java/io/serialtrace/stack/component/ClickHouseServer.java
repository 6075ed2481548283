package io.serialtrace.stack.component;

import io.serialtrace.stack.Commands;
import io.serialtrace.stack.ManagedProcess;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.StackException;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.StackVersions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * ClickHouse 26.7 — the real engine, not Debian's 2018 server — from the npm package that ships
 * {@code libchdb.so}. A small C launcher ({@code local-stack/src/main/c/chdb_server.c}) runs the
 * clickhouse-local command line through {@code chdb_query_cmdline}: it opens the HTTP and native
 * ports, then runs a keep-alive query; killing that query is the clean stop.
 *
 * <p>Access: the engine's own session logs in as the passwordless {@code default} user (from
 * 127.0.0.1, so it cannot be fenced off by network), which therefore gets only what the keep-alive
 * needs ({@code SYSTEM LISTEN}, reading {@code system.numbers}). The owner user owns every database
 * named {@code trace*} (migrations, DDL, test setup) and may kill queries (that is how {@link
 * #stop} works). The services run with less: the sink's user may insert and select in {@value
 * #DATABASE} and nothing else (no DDL, no DROP); trace-api's may select there and insert only into
 * {@value #RECORD_ACCESS_TABLE} (the audit of who read which record); a read-only analyst user may
 * read the {@code trace*} databases.
 */
public final class ClickHouseServer implements Component {
  /** The application's database, created once the server is ready. */
  public static final String DATABASE = "trace";

  /**
   * trace-api's audit-of-access table (a sink migration creates it). The grant names it even before
   * it exists: ClickHouse grants are checked at query time, not against existing tables.
   */
  public static final String RECORD_ACCESS_TABLE = DATABASE + ".record_access";

  private static final String NPM_PACKAGE = "@chdb/lib-linux-x64-gnu";
  private static final String LAUNCHER_SOURCE = "local-stack/src/main/c/chdb_server.c";
  private static final String LOG_LEVEL = "information";

  /**
   * Keeps clickhouse-local serving: five rows a second (so a KILL lands within 0.2 s), forever, no
   * output. The literal marks it so {@link #stop} can kill exactly this query ({@code startsWith}
   * cannot match the KILL statement itself).
   */
  private static final String KEEP_ALIVE =
      "SELECT 'serialtrace-keepalive', count() FROM system.numbers"
          + " WHERE sleepEachRow(0.2) SETTINGS max_block_size = 1";

  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(20);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final StackSettings settings;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public ClickHouseServer(StackSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "clickhouse";
  }

  @Override
  public List<StackSetting> portSettings() {
    return List.of(StackSetting.CLICKHOUSE_HTTP_PORT, StackSetting.CLICKHOUSE_NATIVE_PORT);
  }

  @Override
  public void install(Progress progress) throws IOException {
    String version = StackVersions.get(StackVersions.CHDB_NPM);
    Path home = installDir(version);
    long started = System.nanoTime();
    boolean changed = false;
    if (!Files.isRegularFile(home.resolve("libchdb.so"))) {
      unpack(fetch(version, progress), version, home, progress);
      changed = true;
    }
    changed |= compileLauncher(home, progress);
    if (changed) {
      progress.report(
          name(),
          String.format(
              "libchdb %s and launcher installed in %.1f s",
              version, (System.nanoTime() - started) / 1e9));
    }
  }

  /** {@code npm pack} into the cache folder; a tarball already there is reused. */
  private Path fetch(String version, Progress progress) throws IOException {
    Path cache = settings.cacheDir();
    Path tarball = cache.resolve("chdb-lib-linux-x64-gnu-" + version + ".tgz");
    if (Files.isRegularFile(tarball)) {
      progress.report(name(), "using downloaded " + tarball.getFileName());
      return tarball;
    }
    String spec = NPM_PACKAGE + "@" + version;
    progress.report(name(), "fetching " + spec + " with npm pack (~180 MB)");
    // npm's own cache would keep a second copy under ~/.npm: use a scratch one in the cache folder.
    Path npmCache = cache.resolve("npm-cache");
    try {
      runTool(
          List.of(
              "npm",
              "pack",
              spec,
              "--pack-destination",
              cache.toString(),
              "--cache",
              npmCache.toString()),
          cache,
          Map.of("npm_config_update_notifier", "false", "npm_config_fund", "false"),
          "npm (apt-get install npm)");
    } finally {
      deleteTree(npmCache);
    }
    if (!Files.isRegularFile(tarball)) {
      throw new StackException(
          name()
              + ": `npm pack "
              + spec
              + "` succeeded but "
              + tarball
              + " is missing; see "
              + installLog());
    }
    return tarball;
  }

  /**
   * Unpacks only the library and the package manifest into a fresh folder, checks both, then moves
   * the folder into place, so an interrupted unpack never passes for an installed one.
   */
  private void unpack(Path tarball, String version, Path home, Progress progress)
      throws IOException {
    progress.report(name(), "unpacking libchdb.so (~570 MB) from " + tarball.getFileName());
    Path cache = settings.cacheDir();
    Path partial =
        Files.createTempDirectory(
            cache,
            home.getFileName() + ".unpacking-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    try {
      try {
        runTool(
            List.of(
                "tar",
                "-xzf",
                tarball.toString(),
                "-C",
                partial.toString(),
                "--strip-components=1",
                "package/libchdb.so",
                "package/package.json"),
            cache,
            Map.of(),
            "tar");
      } catch (StackException e) {
        // A truncated download would fail the same way forever: drop it so the next run fetches.
        Files.deleteIfExists(tarball);
        throw new StackException(e.getMessage() + "\n(deleted " + tarball + "; run again)", e);
      }
      verify(partial, version);
      if (Files.exists(home)) {
        deleteTree(home);
      }
      Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      if (Files.exists(partial)) {
        deleteTree(partial);
      }
    }
  }

  private void verify(Path unpacked, String version) throws IOException {
    Path manifest = unpacked.resolve("package.json");
    String json = Files.readString(manifest);
    if (!json.contains("\"version\": \"" + version + "\"")
        && !json.contains("\"version\":\"" + version + "\"")) {
      throw new StackException(
          name() + ": " + manifest + " from npm is not version " + version + ": " + json);
    }
    Path library = unpacked.resolve("libchdb.so");
    byte[] magic = new byte[4];
    try (InputStream in = Files.newInputStream(library)) {
      if (in.readNBytes(magic, 0, 4) != 4
          || magic[0] != 0x7f
          || magic[1] != 'E'
          || magic[2] != 'L'
          || magic[3] != 'F') {
        throw new StackException(name() + ": " + library + " is not an ELF shared library");
      }
    }
  }

  /** Compiles the launcher when its binary is missing or older than its source; true if it did. */
  private boolean compileLauncher(Path home, Progress progress) throws IOException {
    Path source = settings.home().resolve(LAUNCHER_SOURCE);
    if (!Files.isRegularFile(source)) {
      throw new StackException(
          name()
              + ": the launcher source "
              + source
              + " is missing (TRACE_HOME points elsewhere?)");
    }
    Path binary = launcher(home);
    if (Files.isExecutable(binary)
        && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) >= 0) {
      return false;
    }
    progress.report(name(), "compiling " + source.getFileName() + " with gcc");
    Path partial = home.resolve(binary.getFileName() + ".partial");
    runTool(
        List.of("gcc", "-O2", "-Wall", "-o", partial.toString(), source.toString(), "-ldl"),
        home,
        Map.of(),
        "gcc (apt-get install gcc)");
    Files.move(
        partial, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  @Override
  public ProcessHandle start(Progress progress) throws IOException {
    Path home = installDir(StackVersions.get(StackVersions.CHDB_NPM));
    Path data = settings.dataDir(name());
    Files.createDirectories(data);
    // The engine rebuilds its system tables at each start; files left from the last run clash.
    deleteTree(data.resolve("data").resolve("system"));
    Path config = data.resolve("config.xml");
    Path users = data.resolve("users.xml");
    Files.writeString(config, configXml(users));
    Files.writeString(users, usersXml());
    progress.report(
        name(),
        "starting ClickHouse " + StackVersions.get(StackVersions.CHDB_NPM) + " from libchdb");
    List<String> command =
        List.of(
            launcher(home).toString(),
            home.resolve("libchdb.so").toString(),
            "--config-file=" + config,
            "--path=" + data + "/",
            "--listen_host=127.0.0.1",
            "--http_port=" + settings.port(StackSetting.CLICKHOUSE_HTTP_PORT),
            "--tcp_port=" + settings.port(StackSetting.CLICKHOUSE_NATIVE_PORT),
            "--log-level=" + LOG_LEVEL,
            "--multiquery",
            "--query",
            "SYSTEM START LISTEN HTTP; SYSTEM START LISTEN TCP; " + KEEP_ALIVE);
    return ManagedProcess.start(name(), command, data, Map.of(), settings);
  }

  @Override
  public void probe() throws Exception {
    String answer = query("SELECT 1", Duration.ofSeconds(3)).strip();
    if (!answer.equals("1")) {
      throw new StackException(
          name() + ": SELECT 1 over HTTP at " + httpUrl() + " answered '" + answer + "'");
    }
  }

  @Override
  public void afterReady(Progress progress) throws Exception {
    query("CREATE DATABASE IF NOT EXISTS " + DATABASE, Duration.ofSeconds(10));
    progress.report(name(), "database " + DATABASE + " ready");
  }

  /**
   * Kills the keep-alive query, after which the engine shuts down on its own; SIGTERM (which also
   * keeps every acknowledged insert) only if that does not work.
   */
  @Override
  public void stop(ProcessHandle process, Progress progress) {
    try {
      String killed =
          query(
              "KILL QUERY WHERE startsWith(query, 'SELECT ''serialtrace-keepalive''') SYNC",
              STOP_GRACE);
      if (killed.isBlank()) {
        progress.report(name(), "keep-alive query not found; terminating the process");
      } else if (ManagedProcess.await(process, STOP_GRACE)) {
        return;
      } else {
        progress.report(name(), "still running " + STOP_GRACE.toSeconds() + " s after KILL QUERY");
      }
    } catch (Exception e) {
      progress.report(
          name(), "KILL QUERY failed (" + e.getMessage() + "); terminating the process");
    }
    ManagedProcess.terminate(process, Duration.ofSeconds(30));
  }

  @Override
  public String endpoint() {
    return httpUrl()
        + " (native "
        + settings.port(StackSetting.CLICKHOUSE_NATIVE_PORT)
        + "), user "
        + settings.get(StackSetting.CLICKHOUSE_USER)
        + ", database "
        + DATABASE;
  }

  private String httpUrl() {
    return "http://127.0.0.1:" + settings.port(StackSetting.CLICKHOUSE_HTTP_PORT);
  }

  /** Runs one statement over HTTP as the application user; throws naming the URL and status. */
  private String query(String sql, Duration timeout) throws IOException, InterruptedException {
    String user = settings.get(StackSetting.CLICKHOUSE_USER);
    String credentials =
        Base64.getEncoder()
            .encodeToString(
                (user + ":" + settings.get(StackSetting.CLICKHOUSE_PASSWORD))
                    .getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(httpUrl() + "/"))
            .timeout(timeout)
            .header("Authorization", "Basic " + credentials)
            .POST(HttpRequest.BodyPublishers.ofString(sql))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new StackException(
          name() + ": no HTTP answer at " + httpUrl() + " to `" + sql + "`: " + e, e);
    }
    if (response.statusCode() != 200) {
      throw new StackException(
          name()
              + ": `"
              + sql
              + "` as user "
              + user
              + " at "
              + httpUrl()
              + " failed with HTTP "
              + response.statusCode()
              + ": "
              + response.body().strip());
    }
    return response.body();
  }

  private String configXml(Path users) {
    return """
    <clickhouse>
      <!-- Ports and listen host come on the command line, where ps shows them. -->
      <users_config>%s</users_config>
      <!-- Into the component log (ManagedProcess); the level comes from the command line. -->
      <logger><console>true</console></logger>
      <!-- Timestamps on the wire are UTC; so is the server's default for functions like now(). -->
      <timezone>UTC</timezone>
      <!-- The machine also runs Kafka, Apicurio, PostgreSQL and the services: stay modest. -->
      <max_server_memory_usage_to_ram_ratio>0.5</max_server_memory_usage_to_ram_ratio>
      <mark_cache_size>268435456</mark_cache_size>
      <query_log>
        <database>system</database>
        <table>query_log</table>
        <flush_interval_milliseconds>1000</flush_interval_milliseconds>
      </query_log>
      <merge_tree>
        <!-- The sink's retried batches are dropped by insert deduplication on MergeTree. -->
        <non_replicated_deduplication_window>1000</non_replicated_deduplication_window>
      </merge_tree>
    </clickhouse>
    """
        .formatted(users);
  }

  private String usersXml() {
    List<StackSetting> userSettings =
        List.of(
            StackSetting.CLICKHOUSE_USER,
            StackSetting.CLICKHOUSE_SINK_USER,
            StackSetting.CLICKHOUSE_API_USER,
            StackSetting.CLICKHOUSE_ANALYST_USER);
    Map<String, StackSetting> seen = new java.util.HashMap<>();
    for (StackSetting setting : userSettings) {
      StackSetting other = seen.put(userName(setting), setting);
      if (other != null) {
        throw new StackException(
            other.environmentVariable()
                + " and "
                + setting.environmentVariable()
                + " are both '"
                + userName(setting)
                + "': each ClickHouse user has its own rights, so the names must differ");
      }
    }
    String application = userName(StackSetting.CLICKHOUSE_USER);
    String analyst = userName(StackSetting.CLICKHOUSE_ANALYST_USER);
    return """
    <clickhouse>
      <profiles>
        <default/>
        <!-- readonly=2: reads only, but drivers may still set per-query settings. -->
        <readonly><readonly>2</readonly></readonly>
      </profiles>
      <quotas><default/></quotas>
      <users>
        <!-- The engine's own session (keep-alive query) logs in as default from 127.0.0.1. -->
        <default>
          <no_password/>
          <networks><ip>127.0.0.1</ip></networks>
          <profile>default</profile>
          <quota>default</quota>
          <grants>
            <query>GRANT SYSTEM LISTEN ON *.*</query>
            <query>GRANT SELECT ON system.numbers</query>
          </grants>
        </default>
        <%1$s>
          <password_sha256_hex>%2$s</password_sha256_hex>
          <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
          <profile>default</profile>
          <quota>default</quota>
          <grants>
            <!-- Tests and the sink create and drop their own trace_* databases. -->
            <query>GRANT ALL ON %5$s*.*</query>
            <query>GRANT TABLE ENGINE ON *</query>
            <query>GRANT SELECT ON system.*</query>
            <!-- KILL QUERY stops the server; temporary tables back table functions. -->
            <query>GRANT KILL QUERY, SYSTEM FLUSH LOGS, CREATE TEMPORARY TABLE ON *.*</query>
          </grants>
        </%1$s>
        <%3$s>
          <password_sha256_hex>%4$s</password_sha256_hex>
          <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
          <profile>readonly</profile>
          <quota>default</quota>
          <grants>
            <query>GRANT SELECT, SHOW ON %5$s*.*</query>
          </grants>
        </%3$s>
        <!-- genealogy-sink's rows: insert and read back, no DDL, no DROP (migrations use the owner). -->
        <%6$s>
          <password_sha256_hex>%7$s</password_sha256_hex>
          <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
          <profile>default</profile>
          <quota>default</quota>
          <grants>
            <query>GRANT INSERT, SELECT ON %5$s.*</query>
          </grants>
        </%6$s>
        <!-- trace-api: reads everything in trace, writes only its audit of who read what. -->
        <%8$s>
          <password_sha256_hex>%9$s</password_sha256_hex>
          <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
          <profile>default</profile>
          <quota>default</quota>
          <grants>
            <query>GRANT SELECT ON %5$s.*</query>
            <query>GRANT INSERT ON %10$s</query>
          </grants>
        </%8$s>
      </users>
    </clickhouse>
    """
        .formatted(
            application,
            sha256(settings.get(StackSetting.CLICKHOUSE_PASSWORD)),
            analyst,
            sha256(settings.get(StackSetting.CLICKHOUSE_ANALYST_PASSWORD)),
            DATABASE,
            userName(StackSetting.CLICKHOUSE_SINK_USER),
            sha256(settings.get(StackSetting.CLICKHOUSE_SINK_PASSWORD)),
            userName(StackSetting.CLICKHOUSE_API_USER),
            sha256(settings.get(StackSetting.CLICKHOUSE_API_PASSWORD)),
            RECORD_ACCESS_TABLE);
  }

  /** A user name from settings, checked because it becomes an XML element name. */
  private String userName(StackSetting setting) {
    String user = settings.get(setting);
    if (!USER_NAME.matcher(user).matches() || user.equals("default")) {
      throw new StackException(
          setting.environmentVariable()
              + "="
              + user
              + " is not a usable ClickHouse user name: letters, digits and _, not 'default'");
    }
    return user;
  }

  private static String sha256(String password) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private Path installDir(String version) {
    return settings.cacheDir().resolve("chdb-" + version);
  }

  private static Path launcher(Path home) {
    return home.resolve("chdb_server");
  }

  private Path installLog() {
    return settings.logFile(name() + "-install");
  }

  /** Runs an install tool, turning "not installed" into a message that says what to install. */
  private void runTool(
      List<String> command, Path workingDir, Map<String, String> environment, String tool)
      throws IOException {
    try {
      Commands.run(command, workingDir, environment, installLog(), INSTALL_TIMEOUT);
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).startsWith("Cannot run program")) {
        throw new StackException(
            name() + ": cannot run `" + command.getFirst() + "`; install " + tool, e);
      }
      throw e;
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
