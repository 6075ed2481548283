package io.serialtrace.stack;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Versions of the parts that do not come as Maven dependencies (libchdb from npm, the Apicurio
 * distribution), filtered from the parent pom into {@code versions.properties} at build time, so
 * the parent pom stays the one place for every version.
 */
public final class StackVersions {
  /** npm version of {@code @chdb/lib-linux-x64-gnu}. */
  public static final String CHDB_NPM = "chdb.npm";

  /** Version of {@code io.apicurio:apicurio-registry-app}. */
  public static final String APICURIO_REGISTRY = "apicurio.registry";

  private static final String RESOURCE = "/io/serialtrace/stack/versions.properties";

  private StackVersions() {}

  /** The version under {@code key}; fails naming the resource when the build did not filter it. */
  public static String get(String key) {
    Properties versions = new Properties();
    try (InputStream in = StackVersions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new StackException(
            RESOURCE
                + " is not on the classpath; build the local-stack module first:"
                + " ./mvnw -pl local-stack -am package -DskipTests");
      }
      versions.load(in);
    } catch (IOException e) {
      throw new StackException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
    String version = versions.getProperty(key, "").trim();
    if (version.isEmpty() || version.contains("${")) {
      throw new StackException(
          RESOURCE + " has no resolved " + key + " ('" + version + "'); rebuild local-stack");
    }
    return version;
  }
}
