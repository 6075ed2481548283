package io.serialtrace.support.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.ConfigValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The settings checks the services' tests rely on can fail, and say which setting is at fault. */
class SettingsChecksTest {

  private static String source;

  @BeforeAll
  static void readTheExample() throws IOException {
    source =
        Files.readString(
            Path.of("src/test/java/io/serialtrace/support/settings/ExampleSettings.java"));
  }

  @Test
  void findsEverySettingOfTheInterfaceAndItsGroups() {
    assertThat(SettingsDocumentation.settings(ExampleSettings.class))
        .containsExactly("maxRecords", "maxWait", "timing", "url", "url");
    assertThat(SettingsDocumentation.problems(ExampleSettings.class, source)).isEmpty();
  }

  @Test
  void namesASettingWithoutAComment() {
    String undocumented =
        source.replace("  /** How long one wait lasts before it gives up. */\n", "");

    assertThat(SettingsDocumentation.problems(ExampleSettings.class, undocumented))
        .singleElement()
        .asString()
        .startsWith("maxWait");
  }

  @Test
  void anAnnotationOverSeveralLinesNeitherHidesNorFakesTheComment() {
    String bare =
        source.replace(
            "    /** How long one wait lasts before it gives up. */\n    @WithDefault(\"PT1S\")\n",
            "    @WithDefault(\"PT1S\")\n");

    assertThat(source).contains("    @DurationMin(\n");
    assertThat(SettingsDocumentation.problems(ExampleSettings.class, bare))
        .singleElement()
        .asString()
        .startsWith("maxWait");
  }

  @Test
  void aCommentThatSaysNothingDoesNotCount() {
    String thin =
        source.replace(
            "/** A name, also declared at the top: each declaration needs its own comment. */",
            "/** A name. */");

    assertThat(SettingsDocumentation.problems(ExampleSettings.class, thin))
        .singleElement()
        .asString()
        .startsWith("url");
  }

  @Test
  void aDeclarationTheCheckCannotReadIsReportedRatherThanSkipped() {
    String split = source.replace("  int maxRecords();", "  int\n      maxRecords();");

    assertThat(SettingsDocumentation.problems(ExampleSettings.class, split))
        .singleElement()
        .asString()
        .startsWith("maxRecords is not declared on one line");
  }

  @Test
  void aValueBreakingAConstraintIsRefusedNamingTheProperty() {
    assertThatThrownBy(
            () ->
                ValidatedSettings.parse(
                    ExampleSettings.class, Map.of("example.url", "x", "example.max-records", "0")))
        .isInstanceOf(ConfigValidationException.class)
        .hasMessageContaining("example.max-records");
  }

  @Test
  void aDurationConstraintSaysWhyInItsMessage() {
    assertThatThrownBy(
            () ->
                ValidatedSettings.parse(
                    ExampleSettings.class,
                    Map.of("example.url", "x", "example.timing.max-wait", "PT0S")))
        .hasMessageContaining("example.timing.max-wait must be positive (a wait of nothing");
  }

  @Test
  void validValuesAndDefaultsAreParsedThroughTheDeclaration() {
    ExampleSettings settings =
        ValidatedSettings.parse(ExampleSettings.class, Map.of("example.url", "x"));

    assertThat(settings.maxRecords()).isEqualTo(10);
    assertThat(settings.timing().url()).isEmpty();
  }
}
