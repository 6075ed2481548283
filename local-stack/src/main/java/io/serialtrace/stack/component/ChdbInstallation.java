package io.serialtrace.stack.component;

import io.serialtrace.stack.Commands;
import io.serialtrace.stack.FileTrees;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.StackException;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.StackVersions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * ClickHouse's installation: {@code libchdb.so} from the npm package, unpacked into the cache
 * folder, and the C launcher ({@value #LAUNCHER_SOURCE}) compiled beside it.
 */
final class ChdbInstallation {
  private static final String NAME = ClickHouseServer.NAME;
  private static final String NPM_PACKAGE = "@chdb/lib-linux-x64-gnu";
  private static final String LAUNCHER_SOURCE = "local-stack/src/main/c/chdb_server.c";
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(20);

  private final StackSettings settings;
  private final String version;

  ChdbInstallation(StackSettings settings) {
    this.settings = settings;
    this.version = StackVersions.get(StackVersions.CHDB_NPM);
  }

  String version() {
    return version;
  }

  Path library() {
    return home().resolve("libchdb.so");
  }

  Path launcher() {
    return home().resolve("chdb_server");
  }

  /** Fetches, unpacks and compiles whatever is missing or stale; reports only when it did. */
  void ensure(Progress progress) throws IOException {
    long started = System.nanoTime();
    boolean changed = false;
    if (!Files.isRegularFile(library())) {
      unpack(fetch(progress), progress);
      changed = true;
    }
    changed |= compileLauncher(progress);
    if (changed) {
      progress.report(
          NAME,
          String.format(
              "libchdb %s and launcher installed in %.1f s",
              version, (System.nanoTime() - started) / 1e9));
    }
  }

  private Path home() {
    return settings.cacheDir().resolve("chdb-" + version);
  }

  /** {@code npm pack} into the cache folder; a tarball already there is reused. */
  private Path fetch(Progress progress) throws IOException {
    Path cache = settings.cacheDir();
    Path tarball = cache.resolve("chdb-lib-linux-x64-gnu-" + version + ".tgz");
    if (Files.isRegularFile(tarball)) {
      progress.report(NAME, "using downloaded " + tarball.getFileName());
      return tarball;
    }
    String spec = NPM_PACKAGE + "@" + version;
    progress.report(NAME, "fetching " + spec + " with npm pack (~180 MB)");
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
      FileTrees.delete(npmCache);
    }
    if (!Files.isRegularFile(tarball)) {
      throw new StackException(
          NAME
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
  private void unpack(Path tarball, Progress progress) throws IOException {
    progress.report(NAME, "unpacking libchdb.so (~570 MB) from " + tarball.getFileName());
    Path cache = settings.cacheDir();
    Path home = home();
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
      verify(partial);
      FileTrees.delete(home);
      Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      FileTrees.delete(partial);
    }
  }

  private void verify(Path unpacked) throws IOException {
    Path manifest = unpacked.resolve("package.json");
    String json = Files.readString(manifest);
    if (!json.contains("\"version\": \"" + version + "\"")
        && !json.contains("\"version\":\"" + version + "\"")) {
      throw new StackException(
          NAME + ": " + manifest + " from npm is not version " + version + ": " + json);
    }
    Path library = unpacked.resolve("libchdb.so");
    byte[] magic = new byte[4];
    try (InputStream in = Files.newInputStream(library)) {
      if (in.readNBytes(magic, 0, 4) != 4
          || magic[0] != 0x7f
          || magic[1] != 'E'
          || magic[2] != 'L'
          || magic[3] != 'F') {
        throw new StackException(NAME + ": " + library + " is not an ELF shared library");
      }
    }
  }

  /** Compiles the launcher when its binary is missing or older than its source; true if it did. */
  private boolean compileLauncher(Progress progress) throws IOException {
    Path source = settings.home().resolve(LAUNCHER_SOURCE);
    if (!Files.isRegularFile(source)) {
      throw new StackException(
          NAME + ": the launcher source " + source + " is missing (TRACE_HOME points elsewhere?)");
    }
    Path binary = launcher();
    if (Files.isExecutable(binary)
        && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) >= 0) {
      return false;
    }
    progress.report(NAME, "compiling " + source.getFileName() + " with gcc");
    Path partial = home().resolve(binary.getFileName() + ".partial");
    runTool(
        List.of("gcc", "-O2", "-Wall", "-o", partial.toString(), source.toString(), "-ldl"),
        home(),
        Map.of(),
        "gcc (apt-get install gcc)");
    Files.move(
        partial, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  private Path installLog() {
    return settings.logFile(NAME + "-install");
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
            NAME + ": cannot run `" + command.getFirst() + "`; install " + tool, e);
      }
      throw e;
    }
  }
}
