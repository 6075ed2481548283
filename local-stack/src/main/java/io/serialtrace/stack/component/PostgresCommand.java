package io.serialtrace.stack.component;

import io.serialtrace.stack.StackException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A short PostgreSQL tool or lookup: its exit code and trimmed output (stdout and stderr). */
record PostgresCommand(int exitCode, String output) {
  /** Checks and lookups must answer quickly: a probe has a few seconds in all. */
  private static final Duration TIMEOUT = Duration.ofSeconds(4);

  /** Runs {@code command} with no input; throws when it does not finish within a few seconds. */
  static PostgresCommand run(List<String> command, Map<String, String> environment)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(environment);
    Process process = builder.start();
    try (InputStream output = process.getInputStream()) {
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new StackException(
            "postgres: `" + command.getFirst() + "` did not answer within " + TIMEOUT);
      }
      return new PostgresCommand(
          process.exitValue(), new String(output.readAllBytes(), StandardCharsets.UTF_8).trim());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new StackException("postgres: interrupted while running " + command.getFirst(), e);
    }
  }

  boolean succeeded() {
    return exitCode == 0;
  }
}
