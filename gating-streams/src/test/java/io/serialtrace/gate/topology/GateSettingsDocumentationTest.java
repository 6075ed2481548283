package io.serialtrace.gate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every setting of the gate is documented where it is declared (as Debezium's
 * ConfigDefinitionMetadataTest does for its settings): an undocumented setting fails the build.
 */
class GateSettingsDocumentationTest {

  private static final Path SOURCE =
      Path.of("src/main/java/io/serialtrace/gate/topology/GateSettings.java");

  @Test
  void everySettingHasAJavadocComment() throws IOException {
    // 1. The settings, from the interface itself, so a new one cannot be missed.
    List<String> settings =
        Arrays.stream(GateSettings.class.getDeclaredMethods())
            .filter(m -> Modifier.isAbstract(m.getModifiers()))
            .map(Method::getName)
            .toList();
    assertThat(settings).isNotEmpty();

    // 2. Each declaration must be preceded, past its annotations, by a /** ... */ comment.
    String source = Files.readString(SOURCE);
    List<String> undocumented = new ArrayList<>();
    for (String setting : settings) {
      if (!documented(source, setting)) {
        undocumented.add(setting);
      }
    }

    // 3. Verify.
    assertThat(undocumented).as("GateSettings methods without Javadoc").isEmpty();
  }

  @Test
  void theCheckRecognisesAMissingComment() {
    // The same pattern on a declaration without a comment must not match: the test can fail.
    String source =
        "  /** A documented one, long enough to count. */\n  int documented();\n\n"
            + "  @WithDefault(\"1\")\n  int undocumented();\n";
    assertThat(documented(source, "documented")).isTrue();
    assertThat(documented(source, "undocumented")).isFalse();
  }

  /** A {@code /** ... *}{@code /} comment of some substance, then only annotations, then it. */
  private static boolean documented(String source, String setting) {
    Matcher m =
        Pattern.compile(
                "/\\*\\*((?:(?!\\*/).)+?)\\*/\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*"
                    + "[\\w.<>]+\\s+"
                    + setting
                    + "\\(\\);",
                Pattern.DOTALL)
            .matcher(source);
    return m.find() && m.group(1).replaceAll("[*\\s]", "").length() >= 15;
  }
}
