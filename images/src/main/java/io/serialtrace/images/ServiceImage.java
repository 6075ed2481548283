package io.serialtrace.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * One service image: which module's Quarkus fast-jar it packs and how its JVM is sized.
 *
 * @param name image name (and the chart's image name): {@code serialtrace/<name>}
 * @param module the Maven module whose {@code target/quarkus-app/} is packed
 * @param maxRamPercentage heap share of the container's memory limit ({@code
 *     -XX:MaxRAMPercentage}); lower for the gate, whose RocksDB stores live off-heap
 * @param description the {@code org.opencontainers.image.description} label
 */
public record ServiceImage(String name, String module, int maxRamPercentage, String description) {

  /** The four services, in the order they are built and reported. */
  public static final List<ServiceImage> ALL =
      List.of(
          new ServiceImage(
              "ingest",
              "ingest",
              75,
              "serialtrace ingest: HTTP/MQTT intake, validation, route CDC, decision replies"),
          new ServiceImage(
              "gating-streams",
              "gating-streams",
              50,
              "serialtrace gate: the Kafka Streams gate (EOS v2) deciding every production event"),
          new ServiceImage(
              "genealogy-sink",
              "genealogy-sink",
              75,
              "serialtrace genealogy-sink: Kafka to ClickHouse writer, idempotent batches"),
          new ServiceImage(
              "trace-api",
              "trace-api",
              75,
              "serialtrace trace-api: REST over ClickHouse, traces, recall scope, live violations"));

  /** The service with this image name. */
  public static Optional<ServiceImage> named(String name) {
    return ALL.stream().filter(image -> image.name().equals(name)).findFirst();
  }

  /** {@code <repository>/<module>/target/quarkus-app}: what {@code ./mvnw package} built. */
  public Path quarkusApp(Path repository) {
    return repository.resolve(module).resolve("target").resolve("quarkus-app");
  }

  /**
   * The HTTP port the packaged application listens on: {@code quarkus.http.port} of the {@code
   * application.properties} inside the built application jar, so the image's exposed port cannot
   * drift from the service's own configuration.
   */
  public int httpPort(Path repository) throws IOException {
    Path appFolder = quarkusApp(repository).resolve("app");
    Path appJar;
    try (Stream<Path> jars = Files.list(appFolder)) {
      appJar =
          jars.filter(path -> path.getFileName().toString().endsWith(".jar"))
              .findFirst()
              .orElseThrow(() -> new IOException("no application jar in " + appFolder));
    }
    try (JarFile jar = new JarFile(appJar.toFile())) {
      var entry = jar.getJarEntry("application.properties");
      if (entry == null) {
        throw new IOException(appJar + " has no application.properties");
      }
      Properties properties = new Properties();
      try (InputStream in = jar.getInputStream(entry)) {
        properties.load(in);
      }
      String port = properties.getProperty("quarkus.http.port");
      if (port == null) {
        throw new IOException(
            appJar
                + "!/application.properties sets no quarkus.http.port (the image must expose it)");
      }
      return Integer.parseInt(port.trim());
    }
  }
}
