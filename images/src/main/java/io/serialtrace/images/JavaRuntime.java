package io.serialtrace.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A minimal Java runtime for the images, made with {@code jlink} from the JDK that builds them, and
 * kept in the cache under a name derived from that JDK's {@code release} file and the module list:
 * the second build of the images reuses it, and all four images share it as one identical layer.
 */
final class JavaRuntime {
  /**
   * The JDK modules the four Quarkus applications use. Found with {@code jdeps} over every jar of
   * the four {@code quarkus-app/} folders (java.base, java.logging, java.management, java.naming,
   * java.sql, java.xml, java.desktop for java.beans, java.net.http, java.compiler, java.scripting,
   * java.rmi and java.transaction.xa for jakarta.transaction, java.security.sasl/jgss for Kafka,
   * jdk.management for Micrometer, jdk.unsupported for Netty, RocksDB and Kafka; not jdk.compiler,
   * which only Vert.x' build-time code generator names), plus what is loaded reflectively or by
   * service lookup and so invisible to jdeps: SASL/GSS for Kafka logins, DNS naming, the zip file
   * system, JFR and the management agent for diagnostics, extra charsets and elliptic-curve crypto
   * for TLS.
   */
  static final List<String> MODULES =
      List.of(
          "java.base",
          "java.compiler",
          "java.desktop",
          "java.instrument",
          "java.logging",
          "java.management",
          "java.naming",
          "java.net.http",
          "java.prefs",
          "java.rmi",
          "java.scripting",
          "java.security.jgss",
          "java.security.sasl",
          "java.sql",
          "java.transaction.xa",
          "java.xml",
          "jdk.charsets",
          "jdk.crypto.cryptoki",
          "jdk.crypto.ec",
          "jdk.jfr",
          "jdk.management",
          "jdk.naming.dns",
          "jdk.net",
          "jdk.security.auth",
          "jdk.security.jgss",
          "jdk.unsupported",
          "jdk.zipfs");

  private static final List<String> OPTIONS =
      List.of("--strip-debug", "--no-header-files", "--no-man-pages", "--compress=zip-6");

  private static final Duration JLINK_TIMEOUT = Duration.ofMinutes(5);

  private JavaRuntime() {}

  /**
   * The runtime folder (with {@code bin/java}) for {@code jdk}, made once per JDK and module list.
   */
  static Path ensure(Path jdk, Path cache, Progress progress)
      throws IOException, InterruptedException {
    Path release = jdk.resolve("release");
    Path jlink = jdk.resolve("bin").resolve("jlink");
    if (!Files.isRegularFile(release) || !Files.isExecutable(jlink)) {
      throw new IOException(jdk + " is not a JDK with jlink (set JAVA_HOME to a full JDK 21+)");
    }
    String key = digest(Files.readString(release) + MODULES + OPTIONS);
    Path runtime = cache.resolve("java-runtime-" + key.substring(0, 16));
    if (Files.isExecutable(runtime.resolve("bin").resolve("java"))) {
      progress.report("java runtime: reusing " + runtime);
      return runtime;
    }
    Files.createDirectories(cache);
    Path partial = cache.resolve(runtime.getFileName() + ".partial");
    FileTrees.deleteRecursively(partial);
    List<String> command = new ArrayList<>();
    command.add(jlink.toString());
    command.add("--add-modules");
    command.add(String.join(",", MODULES));
    command.addAll(OPTIONS);
    command.add("--output");
    command.add(partial.toString());
    progress.report("java runtime: jlink " + MODULES.size() + " modules from " + jdk);
    Commands.run(command, cache, JLINK_TIMEOUT);
    Files.move(partial, runtime);
    FileTrees.deleteSiblings(runtime, "java-runtime-");
    return runtime;
  }

  /** The {@code JAVA_VERSION} line of the runtime's {@code release} file, for a label. */
  static String version(Path runtime) throws IOException {
    return Files.readAllLines(runtime.resolve("release")).stream()
        .filter(line -> line.startsWith("JAVA_VERSION="))
        .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
        .findFirst()
        .orElse("unknown");
  }

  private static String digest(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
