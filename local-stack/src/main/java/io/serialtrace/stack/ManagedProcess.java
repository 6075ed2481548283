package io.serialtrace.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A stack process started by us and tracked by a PID file, so that a later {@code ./trace down} (in
 * another JVM) stops exactly what {@code up} started and nothing else.
 *
 * <p>Two ways to know whether a process lives, and the more truthful one wins:
 *
 * <ul>
 *   <li>A process this JVM launched is followed through its {@link Process}: the JDK reaps it with
 *       {@code waitpid}, so "exited" means the whole process is gone, and its exit code is known.
 *   <li>A process another JVM launched (a stack started by {@code ./trace up}) is found through
 *       {@code /proc}: its PID file, a command line naming this stack's folders (a PID reused by an
 *       unrelated process is never signalled), and an exit judged by the whole thread group. A
 *       zombie <em>leader</em> alone is not an exit: a server whose main thread ended while its
 *       other threads still shut down keeps its ports and file locks until the last thread is gone.
 * </ul>
 */
public final class ManagedProcess {
  /** Processes launched by this JVM, by PID: the authoritative source of their life and exit. */
  private static final Map<Long, Process> LAUNCHED = new ConcurrentHashMap<>();

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
    // setsid(1) forks only when its caller leads a process group; a child of the JVM never does,
    // so the PID recorded here is the server's own (setsid execs it).
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
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    Process process = builder.start();
    LAUNCHED.put(process.pid(), process);
    writePidFile(settings.pidFile(component), process.pid());
    return process.toHandle();
  }

  /** Written beside and moved into place, so a reader never sees an empty or partial PID file. */
  private static void writePidFile(Path pidFile, long pid) throws IOException {
    Path partial = pidFile.resolveSibling(pidFile.getFileName() + ".partial");
    Files.writeString(partial, pid + "\n");
    Files.move(
        partial,
        pidFile,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The live process recorded for {@code component}: launched by this JVM and not exited, or found
   * through {@code /proc} as described in the class comment.
   */
  public static Optional<ProcessHandle> running(String component, StackSettings settings) {
    return recordedPid(component, settings)
        .flatMap(
            pid -> {
              Process launched = LAUNCHED.get(pid);
              if (launched != null) {
                return launched.isAlive() ? Optional.of(launched.toHandle()) : Optional.empty();
              }
              return ProcessHandle.of(pid)
                  .filter(p -> !hasExited(p))
                  .filter(p -> ours(p, settings));
            });
  }

  /**
   * The exit code of the process recorded for {@code component} when this JVM launched it and it
   * has exited; empty while it runs or when another JVM launched it (its exit code is not ours to
   * know).
   */
  public static OptionalInt exitCode(String component, StackSettings settings) {
    return recordedPid(component, settings)
        .map(LAUNCHED::get)
        .filter(process -> !process.isAlive())
        .map(process -> OptionalInt.of(process.exitValue()))
        .orElse(OptionalInt.empty());
  }

  private static Optional<Long> recordedPid(String component, StackSettings settings) {
    Path pidFile = settings.pidFile(component);
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean ours(ProcessHandle process, StackSettings settings) {
    String state = settings.stateDir().toString();
    String cache = settings.cacheDir().toString();
    String home = settings.home().toString();
    // /proc/PID/cmdline is complete where ProcessHandle.Info may truncate long arguments.
    try {
      String cmdline =
          new String(
                  Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                  StandardCharsets.ISO_8859_1)
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
   * Waits until the process has exited as a whole (every thread gone, so its ports and file locks
   * are released). A process we did not start ourselves stays a zombie until its new parent reaps
   * it, so a zombie with no thread left counts as exited.
   */
  public static boolean await(ProcessHandle process, Duration timeout) {
    Process launched = LAUNCHED.get(process.pid());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (launched != null ? !launched.isAlive() : hasExited(process)) {
        return true;
      }
      try {
        (launched != null ? launched.onExit() : process.onExit()).get(100, TimeUnit.MILLISECONDS);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return hasExited(process);
      } catch (java.util.concurrent.TimeoutException e) {
        // poll again: a process another JVM started is judged through /proc
      } catch (java.util.concurrent.ExecutionException e) {
        return hasExited(process);
      }
    }
    return launched != null ? !launched.isAlive() : hasExited(process);
  }

  /**
   * True when no thread of the process is left. {@code /proc/PID/stat} shows the state of the
   * thread-group leader only: a leader that ended before its threads reads 'Z' while the process
   * still runs (and holds its sockets), so a zombie counts as exited only when its task list holds
   * the leader alone.
   */
  static boolean hasExited(ProcessHandle process) {
    if (!process.isAlive()) {
      return true;
    }
    Path proc = Path.of("/proc", Long.toString(process.pid()));
    try {
      String stat = Files.readString(proc.resolve("stat"), StandardCharsets.ISO_8859_1);
      // Field 3, after the parenthesised command name, is the state letter.
      int end = stat.lastIndexOf(')');
      boolean zombieLeader = end > 0 && stat.length() > end + 2 && stat.charAt(end + 2) == 'Z';
      if (!zombieLeader) {
        return false;
      }
      try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
        return tasks.count() <= 1;
      }
    } catch (IOException e) {
      // /proc/PID vanished between the two reads: reaped, so exited.
      return !Files.exists(proc);
    }
  }

  public static void forget(String component, StackSettings settings) throws IOException {
    Optional<Long> pid = recordedPid(component, settings);
    pid.ifPresent(
        p -> {
          Process launched = LAUNCHED.get(p);
          if (launched != null && !launched.isAlive()) {
            LAUNCHED.remove(p);
          }
        });
    Files.deleteIfExists(settings.pidFile(component));
  }
}
