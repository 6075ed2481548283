package io.serialtrace.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every setting of IngestSettings (and its nested groups) carries Javadoc: read the source. */
class IngestSettingsDocumentationTest {
  private static final Path SOURCE =
      Path.of("src/main/java/io/serialtrace/ingest/config/IngestSettings.java");

  /** A method declaration of the interface: return type, name, no parameters. */
  private static final Pattern METHOD =
      Pattern.compile("^\\s+[A-Za-z<>, .]+\\s+([a-z][A-Za-z0-9]*)\\(\\);\\s*$");

  @Test
  void everySettingHasJavadoc() throws IOException {
    List<String> lines = Files.readAllLines(SOURCE);
    List<String> undocumented = new ArrayList<>();
    int settings = 0;
    for (int i = 0; i < lines.size(); i++) {
      Matcher method = METHOD.matcher(lines.get(i));
      if (!method.matches()) {
        continue;
      }
      settings++;
      int j = i - 1;
      while (j >= 0 && lines.get(j).trim().startsWith("@")) {
        j--; // annotations between the Javadoc and the method
      }
      if (j < 0 || !lines.get(j).trim().endsWith("*/")) {
        undocumented.add(method.group(1));
      }
    }
    assertThat(settings).as("settings found in " + SOURCE).isGreaterThan(15);
    assertThat(undocumented).as("settings without Javadoc").isEmpty();
  }
}
