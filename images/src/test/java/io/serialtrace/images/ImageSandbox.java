package io.serialtrace.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command inside an unpacked image the way a container runtime would: a private mount
 * namespace, the unpacked folder as a <b>read-only</b> root, a tmpfs on {@code /tmp}, {@code
 * /proc}, {@code /dev} and {@code /sys} mounted, the image's working directory and its uid/gid with
 * no supplementary groups. The network is the host's (the stack listens on loopback). Needs root
 * and util-linux {@code unshare}; {@link #available()} says whether this machine allows it.
 */
final class ImageSandbox {
  private static final Path UNSHARE = Path.of("/usr/bin/unshare");
  private static final Path MOUNT = Path.of("/usr/bin/mount");

  private final OciImage image;
  private final Path rootfs;
  private final Map<Path, String> readOnlyBinds = new LinkedHashMap<>();

  private ImageSandbox(OciImage image, Path rootfs) {
    this.image = image;
    this.rootfs = rootfs;
  }

  /** Whether mount namespaces and chroot are permitted here (root, util-linux present). */
  static boolean available() {
    return "root".equals(System.getProperty("user.name"))
        && Files.isExecutable(UNSHARE)
        && Files.isExecutable(MOUNT);
  }

  /** Unpacks {@code image}'s layers in order into {@code work/rootfs}, keeping modes and owners. */
  static ImageSandbox unpack(OciImage image, Path work) throws IOException, InterruptedException {
    Path blobs = Files.createDirectories(work.resolve("oci"));
    Path rootfs = Files.createDirectories(work.resolve("rootfs"));
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
    for (String mountPoint : List.of("proc", "dev", "sys")) {
      // what a runtime creates before it mounts them (the image itself has no such folders)
      Files.createDirectories(rootfs.resolve(mountPoint));
    }
    return new ImageSandbox(image, rootfs);
  }

  /** Also mounts host folder {@code source} read-only at {@code target} inside the image. */
  ImageSandbox bindReadOnly(Path source, String target) throws IOException {
    Files.createDirectories(rootfs.resolve(target.substring(1)));
    readOnlyBinds.put(source.toAbsolutePath(), target);
    return this;
  }

  /** The image's configured environment ({@code Env}), to which a test adds its own settings. */
  Map<String, String> imageEnvironment() {
    Map<String, String> environment = new LinkedHashMap<>();
    image
        .runConfig()
        .path("Env")
        .forEach(
            entry -> {
              String[] pair = entry.asText().split("=", 2);
              environment.put(pair[0], pair[1]);
            });
    return environment;
  }

  /** The image's entrypoint as configured. */
  List<String> entrypoint() {
    List<String> entrypoint = new ArrayList<>();
    image.runConfig().path("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
    return entrypoint;
  }

  /**
   * Starts {@code argv} in the sandbox with exactly {@code environment}, output to {@code log}.
   * Host tools are called by absolute path: PATH is the image's.
   */
  Process start(List<String> argv, Map<String, String> environment, Path log) throws IOException {
    String[] user = image.runConfig().path("User").asText().split(":");
    StringBuilder script = new StringBuilder();
    script.append("R=\"$1\"; shift\n");
    script.append(MOUNT).append(" --bind \"$R\" \"$R\"\n");
    script.append(MOUNT).append(" -o remount,bind,ro \"$R\"\n");
    script.append(MOUNT).append(" -t tmpfs -o size=128m,mode=1777 tmpfs \"$R/tmp\"\n");
    script.append(MOUNT).append(" -t proc proc \"$R/proc\"\n");
    script.append(MOUNT).append(" --rbind /dev \"$R/dev\"\n");
    script.append(MOUNT).append(" --rbind /sys \"$R/sys\"\n");
    // after the root's own bind (a plain --bind does not carry submounts made before it)
    for (var bind : readOnlyBinds.entrySet()) {
      String target = "$R" + bind.getValue();
      script.append(MOUNT).append(" --bind '").append(bind.getKey()).append("' \"").append(target);
      script.append("\"\n");
      script.append(MOUNT).append(" -o remount,bind,ro \"").append(target).append("\"\n");
    }
    script.append("exec \"$@\"\n");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            UNSHARE.toString(),
            "--mount",
            "--propagation",
            "private",
            "--fork",
            "--",
            "/bin/sh",
            "-euc",
            script.toString(),
            "runtime",
            rootfs.toString(),
            UNSHARE.toString(),
            "--root=" + rootfs,
            "--wd=" + image.runConfig().path("WorkingDir").asText(),
            "--setgid",
            user[1],
            "--setuid",
            user[0],
            "--"));
    command.addAll(argv);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    return builder.start();
  }

  /** SIGTERM to everything under {@code process} (the JVM shuts down gracefully), then kill. */
  static void stop(Process process) throws InterruptedException {
    process.toHandle().descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  /** The last lines of a log, for a failure message. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
  }
}
