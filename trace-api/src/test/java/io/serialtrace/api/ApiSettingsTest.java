package io.serialtrace.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every setting carries Javadoc (it is the reference) and bad values are refused. */
class ApiSettingsTest {
  private static final Pattern SETTING =
      Pattern.compile("^\\s+(?!interface)[\\w.<>]+\\s+(\\w+)\\(\\);\\s*$");

  @Test
  void everySettingHasJavadoc() throws IOException {
    List<String> lines =
        Files.readAllLines(Path.of("src/main/java/io/serialtrace/api/ApiSettings.java"));
    List<String> undocumented = new ArrayList<>();
    int settings = 0;
    for (int i = 0; i < lines.size(); i++) {
      Matcher setting = SETTING.matcher(lines.get(i));
      if (!setting.matches()) {
        continue;
      }
      settings++;
      int j = i - 1;
      while (j >= 0 && lines.get(j).strip().startsWith("@")) {
        j--;
      }
      if (j < 0 || !lines.get(j).strip().endsWith("*/")) {
        undocumented.add(setting.group(1));
      }
    }
    assertThat(settings).as("settings found").isGreaterThan(10);
    assertThat(undocumented).as("settings without Javadoc").isEmpty();
  }

  @Test
  void inconsistentSettingsAreRefusedByName() {
    ApiSettings bad = TestSettings.with("bad-db!", 40, 30, 100, 50);
    assertThat(SettingsCheck.problems(bad))
        .anyMatch(p -> p.startsWith("api.database"))
        .anyMatch(p -> p.startsWith("api.genealogy.default-depth"))
        .anyMatch(p -> p.startsWith("api.pages.default-limit"));
    assertThat(SettingsCheck.problems(TestSettings.with("trace", 10, 30, 100, 1000))).isEmpty();
  }
}
