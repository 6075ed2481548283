package io.serialtrace.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived command (tar, gcc, npm, initdb, apt-get) to completion, output to a log. */
public final class Commands {
  private Commands() {}

  /**
   * Runs {@code command} in {@code workingDir}, appending its output to {@code log}; throws a
   * {@link StackException} naming the command, its exit code and the log's last lines on failure.
   */
  public static void run(
      List<String> command,
      Path workingDir,
      Map<String, String> environment,
      Path log,
      Duration timeout)
      throws IOException {
    Files.createDirectories(log.getParent());
    Files.createDirectories(workingDir);
    Files.writeString(
        log,
        "==== " + String.join(" ", command) + System.lineSeparator(),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workingDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(environment);
    Process process = builder.start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new StackException(
            "`"
                + String.join(" ", command)
                + "` did not finish within "
                + timeout
                + "; see "
                + log);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while running " + String.join(" ", command), e);
    }
    if (process.exitValue() != 0) {
      List<String> lines = Files.readAllLines(log);
      String tail =
          String.join(
              System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 30), lines.size()));
      throw new StackException(
          "`"
              + String.join(" ", command)
              + "` failed with exit code "
              + process.exitValue()
              + ". Last lines of "
              + log
              + ":"
              + System.lineSeparator()
              + tail);
    }
  }
}
