package io.serialtrace.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A stack process started by us and tracked by a PID file, so that a later {@code ./trace down} (in
 * another JVM) stops exactly what {@code up} started and nothing else.
 *
 * <p>The PID file holds the PID and a marker (the state folder) that must appear in the process's
 * command line: a PID reused by an unrelated process after a reboot is never signalled.
 */
public final class ManagedProcess {
  private ManagedProcess() {}

  /**
   * Starts {@code command} detached into its own session (so an interrupted terminal does not take
   * the stack down with it), output appended to {@code logFile}, and records its PID.
   */
  public static ProcessHandle start(
      String component,
      List<String> command,
      Path workingDir,
      Map<String, String> environment,
      StackSettings settings)
      throws IOException {
    Path log = settings.logFile(component);
    Files.createDirectories(log.getParent());
    Files.createDirectories(settings.pidFile(component).getParent());
    Files.createDirectories(workingDir);
    List<String> full = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      full.add("/usr/bin/setsid");
    }
    full.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(full)
            .directory(workingDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(environment);
    Files.writeString(
        log,
        "==== starting " + component + ": " + String.join(" ", full) + System.lineSeparator(),
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    Process process = builder.start();
    Files.writeString(settings.pidFile(component), Long.toString(process.pid()) + "\n");
    return process.toHandle();
  }

  /**
   * The live process recorded for {@code component}, if its PID file names a running process whose
   * command line mentions this stack's state folder or cache folder.
   */
  public static Optional<ProcessHandle> running(String component, StackSettings settings) {
    Path pidFile = settings.pidFile(component);
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(p -> p.isAlive() && !isZombie(p.pid()))
        .filter(p -> ours(p, settings));
  }

  private static boolean ours(ProcessHandle process, StackSettings settings) {
    String state = settings.stateDir().toString();
    String cache = settings.cacheDir().toString();
    String home = settings.home().toString();
    // /proc/PID/cmdline is complete where ProcessHandle.Info may truncate long arguments.
    try {
      String cmdline =
          Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"))
              .replace('\0', ' ');
      return cmdline.contains(state) || cmdline.contains(cache) || cmdline.contains(home);
    } catch (IOException e) {
      return process.info().commandLine().map(c -> c.contains(state)).orElse(false);
    }
  }

  /** Sends SIGTERM to the process (and its descendants), waits, then SIGKILL if still alive. */
  public static void terminate(ProcessHandle process, Duration grace) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    if (!await(process, grace)) {
      process.destroyForcibly();
      await(process, Duration.ofSeconds(10));
    }
    for (ProcessHandle child : descendants) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
  }

  /** Sends a POSIX signal by name (e.g. {@code INT}) — for servers whose fast stop is not TERM. */
  public static void signal(ProcessHandle process, String signal) throws IOException {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .inheritIO()
          .start()
          .waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while signalling " + process.pid(), e);
    }
  }

  /**
   * Waits until the process has exited. A process we did not start ourselves (a {@code down} in a
   * new JVM) stays a zombie until its new parent reaps it, so the zombie state counts as exited.
   */
  public static boolean await(ProcessHandle process, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive() || isZombie(process.pid())) {
        return true;
      }
      try {
        process.onExit().get(100, TimeUnit.MILLISECONDS);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !process.isAlive();
      } catch (java.util.concurrent.TimeoutException e) {
        // poll again: the zombie check needs a look at /proc
      } catch (java.util.concurrent.ExecutionException e) {
        return !process.isAlive();
      }
    }
    return !process.isAlive() || isZombie(process.pid());
  }

  private static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Field 3, after the parenthesised command name, is the state letter.
      int end = stat.lastIndexOf(')');
      return end > 0 && stat.length() > end + 2 && stat.charAt(end + 2) == 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  public static void forget(String component, StackSettings settings) throws IOException {
    Files.deleteIfExists(settings.pidFile(component));
  }
}
