package io.serialtrace.support.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every setting of a service is documented where it is declared: an undocumented one fails the
 * build. A service's test names its {@code @ConfigMapping} interface and nothing else.
 */
public abstract class SettingsDocumentationTest {

  /** The service's {@code @ConfigMapping} interface. */
  protected abstract Class<?> settings();

  /** Its source; the module's {@code src/main/java} copy unless told otherwise. */
  protected Path source() {
    return SettingsDocumentation.mainSource(settings());
  }

  @Test
  void everySettingHasAJavadocComment() throws IOException {
    // 1. The settings, from the interface itself, so a new one cannot be missed.
    assertThat(SettingsDocumentation.settings(settings())).as("settings found").isNotEmpty();

    // 2. Each declaration in the source is preceded, past its annotations, by a comment.
    assertThat(SettingsDocumentation.problems(settings(), Files.readString(source())))
        .as("undocumented settings of %s", settings().getSimpleName())
        .isEmpty();
  }
}
