package io.serialtrace.sink;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;

/** {@link SinkSettings} parsed through its own declaration, as the application does. */
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
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(SinkSettings.class)
            .withSources(new PropertiesConfigSource(all, "test", 500))
            .build();
    return config.getConfigMapping(SinkSettings.class);
  }
}
