package io.serialtrace.sink;

import io.serialtrace.support.settings.SettingsDocumentationTest;

/** Every setting of the sink is documented where it is declared. */
class SinkSettingsDocumentationTest extends SettingsDocumentationTest {

  @Override
  protected Class<?> settings() {
    return SinkSettings.class;
  }
}
