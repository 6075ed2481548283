package io.serialtrace.gate.topology;

import io.serialtrace.support.settings.SettingsDocumentationTest;

/** Every setting of the gate is documented where it is declared. */
class GateSettingsDocumentationTest extends SettingsDocumentationTest {

  @Override
  protected Class<?> settings() {
    return GateSettings.class;
  }
}
