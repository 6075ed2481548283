package io.serialtrace.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root, which holds the stack's state and cache folders. */
public final class RepositoryHome {
  /** Overrides the search: an absolute path to the repository root. */
  public static final String TRACE_HOME = "TRACE_HOME";

  private RepositoryHome() {}

  /**
   * {@code TRACE_HOME} if set, else the nearest folder at or above the working directory that holds
   * {@code local-stack/pom.xml} (Maven runs each module's tests inside the module folder).
   */
  public static Path find() {
    String explicit = System.getenv(TRACE_HOME);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit).toAbsolutePath().normalize();
    }
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("local-stack").resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new StackException(
        "Cannot find the repository root above "
            + start
            + " (a folder holding local-stack/pom.xml); set "
            + TRACE_HOME
            + ".");
  }
}
