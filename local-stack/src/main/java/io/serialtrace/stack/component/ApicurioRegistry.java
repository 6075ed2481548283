package io.serialtrace.stack.component;

import io.serialtrace.stack.Commands;
import io.serialtrace.stack.FileTrees;
import io.serialtrace.stack.ManagedProcess;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.StackException;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.StackVersions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Apicurio Registry 3 as a real process ({@code java -jar quarkus-run.jar} from the release
 * distribution), holding the Avro schemas every Kafka record refers to by global id.
 *
 * <p>Storage is an H2 database file in the data folder, not the distribution's in-memory default:
 * records already in Kafka carry schema global ids, so the registry must come back after a restart
 * with the same ids. Once ready, the global compatibility rule is set to {@code BACKWARD}, so an
 * incompatible schema change is refused at registration, before any record is written.
 */
public final class ApicurioRegistry implements Component {
  private static final String NAME = "registry";
  private static final String LAUNCHER = "quarkus-run.jar";
  private static final String UNPACKED_MARKER = ".unpacked";
  private static final String API_PATH = "/apis/registry/v3";
  private static final String COMPATIBILITY_RULE = "COMPATIBILITY";
  private static final String COMPATIBILITY_LEVEL = "BACKWARD";
  private static final Duration UNPACK_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
  private static final Pattern VERSION_FIELD = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern CONFIG_FIELD = Pattern.compile("\"config\"\\s*:\\s*\"([^\"]+)\"");

  private final StackSettings settings;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public ApicurioRegistry(StackSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<StackSetting> portSettings() {
    return List.of(StackSetting.REGISTRY_PORT, StackSetting.REGISTRY_MANAGEMENT_PORT);
  }

  /**
   * Unpacks the distribution the module build copied to {@code target/stack-dist} into the cache
   * folder, through a temporary folder so an interrupted unpack is never taken for a finished one.
   */
  @Override
  public void install(Progress progress) throws IOException {
    Path home = home();
    if (Files.isRegularFile(home.resolve(UNPACKED_MARKER))) {
      return;
    }
    String version = version();
    Path archive =
        settings
            .moduleTarget()
            .resolve("stack-dist")
            .resolve("apicurio-registry-app-" + version + "-all.tar.gz");
    if (!Files.isRegularFile(archive)) {
      throw new StackException(
          NAME
              + ": the Apicurio Registry "
              + version
              + " distribution "
              + archive
              + " is missing; build the local-stack module first: ./mvnw -pl local-stack -am"
              + " package -DskipTests");
    }
    progress.report(NAME, "unpacking " + archive.getFileName() + " into " + home);
    Path partial = home.resolveSibling(home.getFileName() + ".partial");
    FileTrees.delete(partial);
    Files.createDirectories(partial);
    Commands.run(
        List.of("tar", "-xzf", archive.toString(), "-C", partial.toString()),
        partial,
        Map.of(),
        settings.logFile(NAME),
        UNPACK_TIMEOUT);
    Files.writeString(partial.resolve(UNPACKED_MARKER), archive.getFileName() + "\n");
    FileTrees.delete(home);
    Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public ProcessHandle start(Progress progress) throws IOException {
    Path launcher = launcher();
    Path data = settings.dataDir(NAME);
    Path tmp = data.resolve("tmp");
    Files.createDirectories(tmp);
    Path database = data.resolve("h2").resolve("registry");
    Files.createDirectories(database.getParent());
    List<String> command = new ArrayList<>();
    command.add(settings.javaCommand());
    command.addAll(List.of("-Xms128m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError"));
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-Dquarkus.http.host=127.0.0.1");
    command.add("-Dquarkus.http.port=" + settings.port(StackSetting.REGISTRY_PORT));
    // The management interface (health, metrics) is separate and would otherwise take port 9000.
    command.add("-Dquarkus.management.host=127.0.0.1");
    command.add(
        "-Dquarkus.management.port=" + settings.port(StackSetting.REGISTRY_MANAGEMENT_PORT));
    command.add("-Dapicurio.storage.kind=sql");
    command.add("-Dapicurio.storage.sql.kind=h2");
    command.add("-Dapicurio.datasource.url=jdbc:h2:file:" + database);
    // The distribution keeps 20 to 100 pooled connections for a server database; one local
    // client needs a few.
    command.add("-Dapicurio.datasource.jdbc.initial-size=2");
    command.add("-Dapicurio.datasource.jdbc.min-size=2");
    command.add("-Dapicurio.datasource.jdbc.max-size=20");
    // Both default to /tmp; everything the stack writes stays under the state folder.
    command.add("-Dapicurio.storage.snapshot.location=" + tmp);
    command.add("-Dapicurio.import.work-dir=" + tmp);
    command.addAll(List.of("-jar", launcher.toString()));
    progress.report(NAME, "starting Apicurio Registry " + version() + " on " + endpoint());
    return ManagedProcess.start(NAME, command, data, Map.of(), settings);
  }

  /** {@code GET /system/info} answers 200 with the registry's version. */
  @Override
  public void probe() throws Exception {
    HttpResponse<String> response = send(get("/system/info"));
    if (response.statusCode() != 200) {
      throw new StackException(
          NAME
              + ": GET "
              + endpoint()
              + "/system/info answered "
              + response.statusCode()
              + ", not 200: "
              + abbreviate(response.body()));
    }
    if (!VERSION_FIELD.matcher(response.body()).find()) {
      throw new StackException(
          NAME
              + ": GET "
              + endpoint()
              + "/system/info gave no version: "
              + abbreviate(response.body()));
    }
  }

  /** Sets the global COMPATIBILITY rule to BACKWARD (creating or updating it) and reads it back. */
  @Override
  public void afterReady(Progress progress) throws Exception {
    String rulePath = "/admin/rules/" + COMPATIBILITY_RULE;
    String rule =
        "{\"ruleType\":\"" + COMPATIBILITY_RULE + "\",\"config\":\"" + COMPATIBILITY_LEVEL + "\"}";
    HttpResponse<String> current = send(get(rulePath));
    if (current.statusCode() == 404) {
      expect(send(withBody("POST", "/admin/rules", rule)), 204, "POST /admin/rules");
    } else if (!COMPATIBILITY_LEVEL.equals(configOf(current).orElse(""))) {
      expect(send(withBody("PUT", rulePath, rule)), 200, "PUT " + rulePath);
    }
    HttpResponse<String> check = send(get(rulePath));
    expect(check, 200, "GET " + rulePath);
    if (!COMPATIBILITY_LEVEL.equals(configOf(check).orElse(""))) {
      throw new StackException(
          NAME
              + ": the global "
              + COMPATIBILITY_RULE
              + " rule reads back as "
              + abbreviate(check.body())
              + ", not "
              + COMPATIBILITY_LEVEL);
    }
    progress.report(NAME, "global " + COMPATIBILITY_RULE + " rule is " + COMPATIBILITY_LEVEL);
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + settings.port(StackSetting.REGISTRY_PORT) + API_PATH;
  }

  /** The Apicurio Registry version the module was built with (one place: the parent pom). */
  static String version() {
    return StackVersions.get(StackVersions.APICURIO_REGISTRY);
  }

  private Path home() {
    return settings.cacheDir().resolve("apicurio-registry-" + version());
  }

  /** quarkus-run.jar sits at the top of the 3.x archive; found by search in case that moves. */
  private Path launcher() throws IOException {
    Path home = home();
    if (!Files.isRegularFile(home.resolve(UNPACKED_MARKER))) {
      throw new StackException(
          NAME + ": Apicurio Registry is not unpacked in " + home + "; run install first");
    }
    try (Stream<Path> files = Files.find(home, 3, (p, a) -> p.endsWith(LAUNCHER))) {
      return files
          .min(Comparator.comparingInt(Path::getNameCount))
          .orElseThrow(() -> new StackException(NAME + ": no " + LAUNCHER + " under " + home));
    }
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(endpoint() + path))
        .timeout(PROBE_TIMEOUT)
        .header("Accept", "application/json")
        .GET()
        .build();
  }

  private HttpRequest withBody(String method, String path, String json) {
    return HttpRequest.newBuilder(URI.create(endpoint() + path))
        .timeout(PROBE_TIMEOUT)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new StackException(
          NAME + ": " + request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException(NAME + ": interrupted during " + request.uri(), e);
    }
  }

  private void expect(HttpResponse<String> response, int status, String call) {
    if (response.statusCode() != status) {
      throw new StackException(
          NAME
              + ": "
              + call
              + " at "
              + endpoint()
              + " answered "
              + response.statusCode()
              + ", expected "
              + status
              + ": "
              + abbreviate(response.body()));
    }
  }

  private static Optional<String> configOf(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      return Optional.empty();
    }
    Matcher matcher = CONFIG_FIELD.matcher(response.body());
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  private static String abbreviate(String body) {
    String flat = body.replaceAll("\\s+", " ").trim();
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
  }
}
