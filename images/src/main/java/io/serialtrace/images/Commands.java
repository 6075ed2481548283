package io.serialtrace.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the few external tools the builder needs (jlink, apt-get, dpkg-deb), bounded in time. */
final class Commands {
  private Commands() {}

  /**
   * Runs {@code command} in {@code directory}; returns its standard output and error. Fails with
   * the command and its output when it exits non-zero or outlives {@code timeout}.
   */
  static String run(List<String> command, Path directory, Duration timeout)
      throws IOException, InterruptedException {
    // Output goes to a file, not a pipe: a chatty tool can never block on a full pipe buffer.
    Path output = Files.createTempFile("images-command", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException("timed out after " + timeout + ": " + String.join(" ", command));
      }
      String text = Files.readString(output);
      if (process.exitValue() != 0) {
        throw new IOException(
            "failed (exit "
                + process.exitValue()
                + "): "
                + String.join(" ", command)
                + System.lineSeparator()
                + text.strip());
      }
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
