package io.serialtrace.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Each image's configuration, read from the OCI tarball the package phase wrote (no stack needed,
 * hence no LocalStackExtension: this is an IT only because the tarballs exist after package).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ImageConfigIT {
  static final List<ServiceImage> SERVICES = ServiceImage.ALL;

  private static final Path REPOSITORY =
      Path.of(System.getProperty("repository.home", "..")).toAbsolutePath();

  @ParameterizedTest
  @FieldSource("SERVICES")
  void isAnOciImageNamedForTheChart(ServiceImage service) {
    // 1. read the tarball as a runtime would
    OciImage image = OciImage.of(service);

    // 2. OCI media types throughout, and the reference the chart pulls (serialtrace/<name>:<tag>)
    assertThat(image.index().path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.index.v1+json");
    assertThat(image.manifest().path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(image.manifest().path("config").path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.config.v1+json");
    image
        .manifest()
        .path("layers")
        .forEach(
            layer ->
                assertThat(layer.path("mediaType").asText())
                    .isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip"));
    assertThat(
            image
                .index()
                .path("manifests")
                .path(0)
                .path("annotations")
                .path("org.opencontainers.image.ref.name")
                .asText())
        .startsWith("serialtrace/" + service.name() + ":");
    assertThat(image.config().path("os").asText()).isEqualTo("linux");
    assertThat(image.config().path("architecture").asText()).isEqualTo("amd64");
  }

  @ParameterizedTest
  @FieldSource("SERVICES")
  void runsAsTheNonRootUser10001(ServiceImage service) {
    // 1. read the config
    JsonNode config = OciImage.of(service).runConfig();

    // 2. a numeric non-root user (Kubernetes' runAsNonRoot can only verify a numeric one)
    assertThat(config.path("User").asText()).isEqualTo("10001:10001");
  }

  @ParameterizedTest
  @FieldSource("SERVICES")
  void startsTheFastJarWithAJvmSizedFromTheContainerMemory(ServiceImage service) {
    // 1. read the entrypoint
    List<String> entrypoint = strings(OciImage.of(service).runConfig().path("Entrypoint"));

    // 2. the jlink runtime's java (exec form: no shell), heap as a share of the memory limit,
    //    exit (and be restarted) on OOM, then the Quarkus fast-jar; no Cmd to override by accident
    assertThat(entrypoint).first().isEqualTo("/opt/java/bin/java");
    assertThat(entrypoint)
        .contains(
            "-XX:MaxRAMPercentage=" + service.maxRamPercentage(), "-XX:+ExitOnOutOfMemoryError")
        .endsWith("-jar", "/app/quarkus-run.jar");
    assertThat(entrypoint).noneMatch(arg -> arg.startsWith("-Xmx") || arg.startsWith("-Xms"));
    assertThat(strings(OciImage.of(service).runConfig().path("Cmd"))).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("SERVICES")
  void exposesExactlyTheServicesHttpPort(ServiceImage service) throws Exception {
    // 1. the port the packaged application.properties sets, read independently of the builder
    int port = service.httpPort(REPOSITORY);

    // 2. exactly that port is exposed
    List<String> exposed = new ArrayList<>();
    OciImage.of(service)
        .runConfig()
        .path("ExposedPorts")
        .fieldNames()
        .forEachRemaining(exposed::add);
    assertThat(exposed).containsExactly(port + "/tcp");
  }

  @ParameterizedTest
  @FieldSource("SERVICES")
  void carriesTheOpenContainersLabelsAndAWorkingDirectory(ServiceImage service) {
    // 1. read labels and working directory
    JsonNode config = OciImage.of(service).runConfig();
    JsonNode labels = config.path("Labels");

    // 2. the standard annotations a registry UI and a scanner show
    assertThat(config.path("WorkingDir").asText()).isEqualTo("/app");
    assertThat(labels.path("org.opencontainers.image.title").asText())
        .isEqualTo("serialtrace-" + service.name());
    assertThat(labels.path("org.opencontainers.image.version").asText()).isNotBlank();
    assertThat(labels.path("org.opencontainers.image.revision").asText()).isNotBlank();
    assertThat(labels.path("org.opencontainers.image.description").asText())
        .isEqualTo(service.description());
    assertThat(labels.path("io.serialtrace.image.debian-packages").asText())
        .contains("libc6=", "libstdc++6=");
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }
}
