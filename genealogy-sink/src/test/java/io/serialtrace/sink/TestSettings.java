package io.serialtrace.sink;

import io.serialtrace.support.settings.ValidatedSettings;
import java.util.HashMap;
import java.util.Map;

/** {@link SinkSettings} parsed through its own declaration and constraints, as at start. */
public final class TestSettings {
  private TestSettings() {}

  public static SinkSettings of(Map<String, String> values) {
    Map<String, String> all = new HashMap<>();
    all.put("sink.kafka.bootstrap-servers", "127.0.0.1:1");
    all.put("sink.kafka.registry-url", "http://127.0.0.1:1/apis/registry/v3");
    all.put("sink.clickhouse.url", "http://127.0.0.1:1");
    all.put("sink.clickhouse.user", "trace");
    all.put("sink.clickhouse.password", "secret");
    all.putAll(values);
    return ValidatedSettings.parse(SinkSettings.class, all);
  }
}
