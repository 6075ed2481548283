package io.serialtrace.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServiceImageTest {
  private static final ServiceImage API = ServiceImage.named("trace-api").orElseThrow();

  @Test
  void readsTheHttpPortFromThePackagedApplicationProperties(@TempDir Path repository)
      throws IOException {
    // 1. a built fast-jar whose application jar sets the port (and a profile override)
    appJar(repository, "quarkus.http.port=8086\n%dev.quarkus.http.port=0\n");

    // 2. the unprofiled port is the one the image exposes
    assertThat(API.httpPort(repository)).isEqualTo(8086);
  }

  @Test
  void refusesAnApplicationThatSetsNoPort(@TempDir Path repository) throws IOException {
    // 1. an application jar without quarkus.http.port
    appJar(repository, "quarkus.application.name=trace-api\n");

    // 2. no guessing: the image must expose what the service listens on
    assertThatThrownBy(() -> API.httpPort(repository))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("sets no quarkus.http.port");
  }

  @Test
  void givesTheGateASmallerHeapShareThanTheOthers() {
    // RocksDB's block cache and memtables live outside the heap
    assertThat(ServiceImage.named("gating-streams").orElseThrow().maxRamPercentage()).isEqualTo(50);
    assertThat(ServiceImage.ALL)
        .filteredOn(image -> !image.name().equals("gating-streams"))
        .allMatch(image -> image.maxRamPercentage() == 75);
    assertThat(ImageAssembler.entrypoint(ServiceImage.named("gating-streams").orElseThrow()))
        .contains("-XX:MaxRAMPercentage=50");
  }

  private static void appJar(Path repository, String properties) throws IOException {
    Path app = Files.createDirectories(API.quarkusApp(repository).resolve("app"));
    try (OutputStream file = Files.newOutputStream(app.resolve("trace-api-0.1.0.jar"));
        JarOutputStream jar = new JarOutputStream(file)) {
      jar.putNextEntry(new JarEntry("application.properties"));
      jar.write(properties.getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
  }
}
