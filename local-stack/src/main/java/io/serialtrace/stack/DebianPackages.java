package io.serialtrace.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Installs Debian packages that a stack component runs from (PostgreSQL, Mosquitto) when their
 * binary is missing. The project's own files must install what it needs: a fresh developer or CI
 * machine has neither, and no one should have to read a README to find the package names.
 *
 * <p>Runs {@code apt-get} directly as root, else through {@code sudo -n} (never prompting, so a
 * test run cannot hang on a password); {@code apt-get update} runs at most once per JVM.
 */
public final class DebianPackages {
  private static final Path APT_GET = Path.of("/usr/bin/apt-get");
  private static final Duration UPDATE_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

  /*
   * Waits for the dpkg and lists locks instead of failing at once: other stack components, or a
   * concurrent build on the same machine, may be running apt-get at the same moment.
   */
  private static final List<String> APT_OPTIONS =
      List.of("-o", "DPkg::Lock::Timeout=300", "-o", "Acquire::Retries=3");

  private static boolean updated;

  private DebianPackages() {}

  /**
   * Makes sure {@code requiredFile} exists, installing {@code debianPackage} (without recommended
   * packages) if it does not. Output goes to {@code log}; failures name the component, the package
   * and the command.
   */
  public static synchronized void ensure(
      String component, Path requiredFile, String debianPackage, Progress progress, Path log)
      throws IOException {
    if (Files.exists(requiredFile)) {
      return;
    }
    if (!Files.isExecutable(APT_GET)) {
      throw new StackException(
          component
              + " needs "
              + requiredFile
              + " from the Debian package '"
              + debianPackage
              + "', and this machine has no "
              + APT_GET
              + ". Install that package (or its equivalent) by hand.");
    }
    List<String> prefix = privilegePrefix(component, requiredFile, debianPackage);
    Map<String, String> environment = Map.of("DEBIAN_FRONTEND", "noninteractive");
    try {
      if (!updated) {
        progress.report(component, "apt-get update (once), to install " + debianPackage);
        Commands.run(
            command(prefix, List.of("update", "-q")),
            Path.of("/"),
            environment,
            log,
            UPDATE_TIMEOUT);
        updated = true;
      }
      progress.report(
          component, "installing Debian package " + debianPackage + " (log: " + log + ")");
      Commands.run(
          command(prefix, List.of("install", "-y", "-q", "--no-install-recommends", debianPackage)),
          Path.of("/"),
          environment,
          log,
          INSTALL_TIMEOUT);
    } catch (StackException e) {
      throw new StackException(
          component
              + " could not install the Debian package '"
              + debianPackage
              + "' (it needs "
              + requiredFile
              + "): "
              + e.getMessage(),
          e);
    }
    if (!Files.exists(requiredFile)) {
      throw new StackException(
          component
              + ": installed the Debian package '"
              + debianPackage
              + "' but "
              + requiredFile
              + " is still missing; see "
              + log);
    }
    progress.report(component, "installed " + debianPackage);
  }

  /** True when this JVM runs as root: {@code /proc/self} is owned by the effective user. */
  public static boolean runningAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static List<String> privilegePrefix(
      String component, Path requiredFile, String debianPackage) {
    if (runningAsRoot()) {
      return List.of();
    }
    if (sudoWithoutPassword()) {
      // sudo resets the environment, so the non-interactive frontend is passed through env(1).
      return List.of("sudo", "-n", "env", "DEBIAN_FRONTEND=noninteractive");
    }
    throw new StackException(
        component
            + " needs "
            + requiredFile
            + " from the Debian package '"
            + debianPackage
            + "'. This process is not root and `sudo -n` cannot run without a password, so it"
            + " cannot install it. Run once: sudo apt-get install -y --no-install-recommends "
            + debianPackage);
  }

  private static boolean sudoWithoutPassword() {
    try {
      Process process =
          new ProcessBuilder("sudo", "-n", "true")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static List<String> command(List<String> prefix, List<String> arguments) {
    List<String> command = new ArrayList<>(prefix);
    command.add(APT_GET.toString());
    command.addAll(APT_OPTIONS);
    command.addAll(arguments);
    return command;
  }
}
