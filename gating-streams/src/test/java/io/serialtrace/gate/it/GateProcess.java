package io.serialtrace.gate.it;

import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.auth.CheckpointKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gate as its own process: the Quarkus runner jar ({@code target/quarkus-app/quarkus-run.jar},
 * built by the package phase before failsafe runs), configured with {@code -D} properties from the
 * stack endpoints, so a test can kill it with SIGKILL and start it again on the same state.
 */
final class GateProcess implements AutoCloseable {

  static final Path RUNNER = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final String applicationId;
  final int httpPort;
  private final StackEndpoints stack;
  private final Path stateDir;
  private final Path logDir;
  private final Map<String, String> extra;
  private Process process;
  private int starts;

  GateProcess(StackEndpoints stack, String applicationId, Map<String, String> extra)
      throws IOException {
    this(stack, applicationId, "1", extra);
  }

  /** One of several instances of the same application: each has its own state and logs. */
  GateProcess(
      StackEndpoints stack, String applicationId, String instance, Map<String, String> extra)
      throws IOException {
    this.stack = stack;
    this.applicationId = applicationId;
    this.extra = extra;
    this.httpPort = freePort();
    this.logDir = Path.of("target", "gate-it", applicationId, instance).toAbsolutePath();
    this.stateDir = logDir.resolve("state");
    Files.createDirectories(stateDir);
  }

  /** Starts the process and waits (bounded) until Kafka Streams is RUNNING. */
  GateProcess start(Duration timeout) throws IOException, InterruptedException {
    awaitRunning(timeout, launch());
    return this;
  }

  /**
   * Starts the process and waits (bounded) only until its HTTP server answers, whatever the state
   * of Kafka Streams: for a gate expected not to reach RUNNING.
   */
  GateProcess startAnswering(Duration timeout) throws IOException, InterruptedException {
    Path log = launch();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("gate exited at start; see " + log);
      }
      if (get("/q/health/live").isPresent()) {
        return this;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("gate not answering within " + timeout + "; see " + log);
  }

  private Path launch() throws IOException {
    if (!Files.exists(RUNNER)) {
      throw new IllegalStateException(RUNNER + " is missing: run the package phase first");
    }
    starts++;
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xmx512m");
    cmd.add("-Dquarkus.http.port=" + httpPort);
    cmd.add("-Dquarkus.kafka-streams.bootstrap-servers=" + stack.kafkaBootstrap());
    cmd.add("-Dquarkus.kafka-streams.application-id=" + applicationId);
    cmd.add("-Dquarkus.kafka-streams.application-server=127.0.0.1:" + httpPort);
    cmd.add("-Dgate.registry-url=" + stack.registryUrl());
    cmd.add("-Dkafka-streams.state.dir=" + stateDir);
    // GET /units/{serial}/state verifies bearer tokens with the test stack's development key.
    cmd.add("-Dmp.jwt.verify.publickey.location=" + GateTokens.verificationKey());
    // Checkpoints are signed with the test stack's development key, as ServiceProcess does.
    CheckpointKeys checkpointKeys =
        CheckpointKeys.in(StackSettings.forTests(RepositoryHome.find()).authDir());
    cmd.add("-Dgate.checkpoint.key-id=" + CheckpointKeys.KEY_ID);
    cmd.add("-Dgate.checkpoint.signing-key=" + checkpointKeys.signingKeyFile());
    extra.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-jar");
    cmd.add(RUNNER.toAbsolutePath().toString());
    Path log = logDir.resolve("gate-" + starts + ".log");
    process =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return log;
  }

  private void awaitRunning(Duration timeout, Path log) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("gate exited at start; see " + log);
      }
      try {
        HttpResponse<String> live =
            HTTP.send(
                HttpRequest.newBuilder(uri("/q/health/live"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (live.statusCode() == 200 && live.body().contains("\"RUNNING\"")) {
          return;
        }
      } catch (IOException notListeningYet) {
        // the HTTP server is not up yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("gate not RUNNING within " + timeout + "; see " + log);
  }

  /** GET of one of the gate's endpoints, bounded; empty when the gate does not answer in time. */
  java.util.Optional<HttpResponse<String>> get(String path) throws InterruptedException {
    try {
      return java.util.Optional.of(
          HTTP.send(
              HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString()));
    } catch (IOException noAnswer) {
      return java.util.Optional.empty();
    }
  }

  /**
   * {@code GET /units/{serial}/state} asked of this instance as an operator of the plant {@link
   * io.serialtrace.gate.rules.TestEvents} starts its units in; a redirect is returned, not
   * followed.
   */
  HttpResponse<String> unitState(String serial) throws IOException, InterruptedException {
    return askAsOperator(uri("/units/" + serial + "/state"));
  }

  /**
   * A bounded GET of a gate URI (e.g. a 307's {@code Location}) as that operator: the client
   * follows a redirect with the same {@code Authorization} header and the owner verifies it again.
   */
  static HttpResponse<String> askAsOperator(URI uri) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(uri)
            .header(
                "Authorization",
                "Bearer " + GateTokens.operator(io.serialtrace.gate.rules.TestEvents.PLANT))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Waits (bounded) until {@code path} answers with {@code status}; the last answer (or "no
   * answer") when it never did.
   */
  String awaitStatus(String path, int status, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      java.util.Optional<HttpResponse<String>> answer = get(path);
      if (answer.isPresent()) {
        last = answer.get().statusCode() + " " + answer.get().body();
        if (answer.get().statusCode() == status) {
          return last;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        path + " did not answer " + status + " within " + timeout + "; last: " + last);
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  /** SIGTERM, as a platform restarting the gate does; waits (bounded) for it to end. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * SIGSTOP for {@code pause}, then SIGCONT: the whole process stands still, as in a long GC pause
   * or on an overloaded machine. Longer than the producer's {@code transaction.timeout.ms} (plus
   * the broker's check interval), its open transaction is aborted by the coordinator and the
   * resumed stream thread finds its producer fenced.
   */
  void freeze(Duration pause) throws IOException, InterruptedException {
    signal("STOP");
    try {
      Thread.sleep(pause.toMillis());
    } finally {
      signal("CONT");
    }
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  /** Lines of the current run's log containing {@code text}. */
  long logLinesWith(String text) throws IOException {
    try (var lines = Files.lines(logDir.resolve("gate-" + starts + ".log"))) {
      return lines.filter(l -> l.contains(text)).count();
    }
  }

  /** SIGKILL: no shutdown hook, no commit, no clean close of RocksDB. */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
