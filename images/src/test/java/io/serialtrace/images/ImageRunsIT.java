package io.serialtrace.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.auth.CheckpointKeys;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace-api image really runs: its layers unpacked into a folder and its entrypoint started the
 * way a container runtime would — in a private mount namespace, with that folder as a
 * <b>read-only</b> root, a tmpfs on {@code /tmp}, {@code /proc}, {@code /dev} and {@code /sys}
 * mounted, the image's working directory, environment, and uid/gid 10001 — against the local stack,
 * until {@code /q/health/ready} answers 200. Proves the jlink runtime has every module the
 * application loads, the Debian libraries satisfy the JVM's dynamic linking, and nothing needs a
 * shell or a writable root. Needs root (mount namespaces, chroot); skipped otherwise.
 */
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ImageRunsIT {
  private static final Duration READY_WITHIN = Duration.ofSeconds(120);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void traceApiImageAnswersReadyAsUser10001OnAReadOnlyRoot(StackEndpoints stack, @TempDir Path work)
      throws Exception {
    assumeTrue(
        ImageSandbox.available(), "needs root and util-linux unshare for mount namespaces, chroot");

    // 1. unpack the image's layers in order, keeping modes and numeric owners
    ImageSandbox sandbox =
        ImageSandbox.unpack(OciImage.of(ServiceImage.named("trace-api").orElseThrow()), work);

    // 2. the environment: the image's own, then the stack's endpoints as the chart would set them
    int port = freePort();
    Map<String, String> environment = sandbox.imageEnvironment();
    environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    environment.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:clickhouse:" + stack.clickhouseUrl());
    environment.put("QUARKUS_DATASOURCE_USERNAME", stack.clickhouseUser());
    environment.put("QUARKUS_DATASOURCE_PASSWORD", stack.clickhousePassword());
    environment.put("API_STREAM_BOOTSTRAP_SERVERS", stack.kafkaBootstrap());
    environment.put("API_STREAM_REGISTRY_URL", stack.registryUrl());
    // The checkpoint signer's public key, mounted as the chart mounts its ConfigMap (a copy: the
    // stack's auth folder also holds private keys).
    // Readable by the image's user, as a ConfigMap's files are (0644).
    Path keys = Files.createDirectories(work.resolve("checkpoint-keys"));
    Path key = keys.resolve(CheckpointKeys.KEY_ID + ".pem");
    Files.copy(
        CheckpointKeys.in(StackSettings.forTests(RepositoryHome.find()).authDir())
            .verificationKeyFile(),
        key);
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    sandbox.bindReadOnly(keys, "/etc/trace-checkpoint-keys");
    // A modest heap on a shared test machine; -Xmx wins over the entrypoint's MaxRAMPercentage.
    environment.put(
        "JAVA_TOOL_OPTIONS",
        "-Xmx384m -Dapi.anchor.public-keys."
            + CheckpointKeys.KEY_ID
            + "=/etc/trace-checkpoint-keys/"
            + CheckpointKeys.KEY_ID
            + ".pem");

    // 3. start the entrypoint exactly as configured, as the configured user, on a read-only root
    Path log = work.resolve("trace-api.log");
    Process process = sandbox.start(sandbox.entrypoint(), environment, log);
    try {
      // 4. readiness answers 200 (bounded wait: the process exiting ends it at once)
      int status = awaitReady(process, port, log);
      assertThat(status).as("GET /q/health/ready; log:%n%s", ImageSandbox.tail(log)).isEqualTo(200);

      // 5. the JVM runs as 10001:10001 with no extra groups, and its root is mounted read-only
      ProcessHandle java =
          process
              .toHandle()
              .descendants()
              .filter(p -> p.info().command().orElse("").endsWith("/java"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no java process under " + process.pid()));
      List<String> procStatus = Files.readAllLines(Path.of("/proc", java.pid() + "", "status"));
      assertThat(procStatus).contains("Uid:\t10001\t10001\t10001\t10001");
      assertThat(procStatus).contains("Gid:\t10001\t10001\t10001\t10001");
      assertThat(procStatus).anyMatch(line -> line.matches("Groups:\\s*"));
      assertThat(Files.readAllLines(Path.of("/proc", java.pid() + "", "mountinfo")))
          .anyMatch(line -> line.split(" ")[4].equals("/") && line.split(" ")[5].startsWith("ro"));
    } finally {
      ImageSandbox.stop(process);
    }
  }

  private static int awaitReady(Process process, int port, Path log) throws Exception {
    URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
    Instant deadline = Instant.now().plus(READY_WITHIN);
    int status = -1;
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      try {
        status =
            HTTP.send(
                    HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 200) {
          return status;
        }
      } catch (IOException notListeningYet) {
        // the JVM is still starting
      }
      Thread.sleep(500);
    }
    if (!process.isAlive()) {
      throw new AssertionError(
          "the image's process exited " + process.exitValue() + ":\n" + ImageSandbox.tail(log));
    }
    return status;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
