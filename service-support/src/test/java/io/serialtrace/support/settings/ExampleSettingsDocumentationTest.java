package io.serialtrace.support.settings;

import java.nio.file.Path;

/** The base test passes on a documented interface. */
class ExampleSettingsDocumentationTest extends SettingsDocumentationTest {

  @Override
  protected Class<?> settings() {
    return ExampleSettings.class;
  }

  @Override
  protected Path source() {
    return Path.of("src/test/java/io/serialtrace/support/settings/ExampleSettings.java");
  }
}
