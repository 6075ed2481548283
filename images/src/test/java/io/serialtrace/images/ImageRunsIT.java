package io.serialtrace.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
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
import java.util.LinkedHashMap;
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
        "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/bin/unshare")),
        "needs root and util-linux unshare for mount namespaces and chroot");

    // 1. unpack the image's layers in order, keeping modes and numeric owners
    OciImage image = OciImage.of(ServiceImage.named("trace-api").orElseThrow());
    Path rootfs = Files.createDirectories(work.resolve("rootfs"));
    unpack(image, work, rootfs);
    for (String mountPoint : List.of("proc", "dev", "sys")) {
      // what a runtime creates before it mounts them (the image itself has no such folders)
      Files.createDirectories(rootfs.resolve(mountPoint));
    }

    // 2. the environment: the image's own, then the stack's endpoints as a chart would set them
    int port = freePort();
    Map<String, String> environment = new LinkedHashMap<>();
    image
        .runConfig()
        .path("Env")
        .forEach(
            entry -> {
              String[] pair = entry.asText().split("=", 2);
              environment.put(pair[0], pair[1]);
            });
    environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    environment.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:clickhouse:" + stack.clickhouseUrl());
    environment.put("QUARKUS_DATASOURCE_USERNAME", stack.clickhouseUser());
    environment.put("QUARKUS_DATASOURCE_PASSWORD", stack.clickhousePassword());
    environment.put("API_STREAM_BOOTSTRAP_SERVERS", stack.kafkaBootstrap());
    environment.put("API_STREAM_REGISTRY_URL", stack.registryUrl());
    // A modest heap on a shared test machine; -Xmx wins over the entrypoint's MaxRAMPercentage.
    environment.put("JAVA_TOOL_OPTIONS", "-Xmx384m");

    // 3. start the entrypoint exactly as configured (host tools by absolute path: PATH is the
    //    image's, /opt/java/bin), as the configured user, on a read-only root
    JsonNode config = image.runConfig();
    String[] user = config.path("User").asText().split(":");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "/usr/bin/unshare",
            "--mount",
            "--propagation",
            "private",
            "--fork",
            "--",
            "/bin/sh",
            "-euc",
            """
            R="$1"; shift
            /usr/bin/mount --bind "$R" "$R"
            /usr/bin/mount -o remount,bind,ro "$R"
            /usr/bin/mount -t tmpfs -o size=64m,mode=1777 tmpfs "$R/tmp"
            /usr/bin/mount -t proc proc "$R/proc"
            /usr/bin/mount --rbind /dev "$R/dev"
            /usr/bin/mount --rbind /sys "$R/sys"
            exec "$@"
            """,
            "runtime",
            rootfs.toString(),
            "/usr/bin/unshare",
            "--root=" + rootfs,
            "--wd=" + config.path("WorkingDir").asText(),
            "--setgid",
            user[1],
            "--setuid",
            user[0],
            "--"));
    config.path("Entrypoint").forEach(arg -> command.add(arg.asText()));
    Path log = work.resolve("trace-api.log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    try {
      // 4. readiness answers 200 (bounded wait: the process exiting ends it at once)
      int status = awaitReady(process, port, log);
      assertThat(status).as("GET /q/health/ready; log:%n%s", tail(log)).isEqualTo(200);

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
      stop(process);
    }
  }

  private static void unpack(OciImage image, Path work, Path rootfs)
      throws IOException, InterruptedException {
    Path blobs = Files.createDirectories(work.resolve("oci"));
    run(List.of("tar", "-xf", image.tarball().toString(), "-C", blobs.toString()));
    for (String digest : image.layerDigests()) {
      Path layer = blobs.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
      run(
          List.of(
              "tar",
              "--warning=no-unknown-keyword",
              "--numeric-owner",
              "-xzpf",
              layer.toString(),
              "-C",
              rootfs.toString()));
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
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
          "the image's process exited " + process.exitValue() + ":\n" + tail(log));
    }
    return status;
  }

  private static void stop(Process process) throws InterruptedException {
    // SIGTERM to the JVM first (graceful Quarkus shutdown), then the namespace's init.
    process.toHandle().descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
