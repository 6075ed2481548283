package io.serialtrace.api;

import io.serialtrace.support.settings.SettingsDocumentationTest;

/** Every setting of trace-api is documented where it is declared. */
class ApiSettingsDocumentationTest extends SettingsDocumentationTest {

  @Override
  protected Class<?> settings() {
    return ApiSettings.class;
  }
}
