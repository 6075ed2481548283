package io.serialtrace.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ImagesCliTest {

  @Test
  void buildsAllFourImagesIntoTheImagesModuleByDefault(@TempDir Path repository) throws Exception {
    // 1. a repository whose root pom names the project version
    Files.writeString(
        repository.resolve("pom.xml"),
        "<project><artifactId>trace-parent</artifactId>\n  <version>1.2.3</version></project>");

    // 2. no options
    ImagesCli.Options options =
        ImagesCli.parse(new String[] {"--repository", repository.toString()});

    // 3. every service, the version from the pom, output and cache inside the repository
    assertThat(options.only()).isEqualTo(ServiceImage.ALL);
    assertThat(options.version()).isEqualTo("1.2.3");
    assertThat(options.output()).isEqualTo(repository.resolve("images/target/images"));
    assertThat(options.cache()).isEqualTo(repository.resolve(".cache/images"));
  }

  @Test
  void buildsOnlyTheNamedServices(@TempDir Path repository) {
    // 1. two services named, an explicit version
    ImagesCli.Options options =
        ImagesCli.parse(
            new String[] {
              "--repository", repository.toString(), "--version", "9", "trace-api", "ingest"
            });

    // 2. exactly those, in the order given
    assertThat(options.only())
        .extracting(ServiceImage::name)
        .containsExactly("trace-api", "ingest");
  }

  @Test
  void refusesAnUnknownServiceByName(@TempDir Path repository) {
    assertThatThrownBy(
            () ->
                ImagesCli.parse(
                    new String[] {"--repository", repository.toString(), "--version", "9", "gate"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown service 'gate'");
  }

  @Test
  void refusesAnOptionWithoutItsValue() {
    assertThatThrownBy(() -> ImagesCli.parse(new String[] {"--output"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--output needs a value");
  }
}
