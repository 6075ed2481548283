package io.serialtrace.ingest.config;

import io.serialtrace.support.settings.SettingsDocumentationTest;

/** Every setting of ingest is documented where it is declared. */
class IngestSettingsDocumentationTest extends SettingsDocumentationTest {

  @Override
  protected Class<?> settings() {
    return IngestSettings.class;
  }
}
