package io.serialtrace.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TraceCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return TraceCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void usageListsEverySettingWithItsDefault() {
    int exit = run();

    assertThat(exit).isEqualTo(2);
    String usage = err.toString(StandardCharsets.UTF_8);
    for (StackSetting setting : StackSetting.values()) {
      assertThat(usage)
          .contains(setting.environmentVariable())
          .contains("(default " + setting.defaultValue() + ")");
    }
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    int exit = run("start");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: ./trace up");
  }

  @Test
  void envPrintsTheVariablesThatPointTestsAtTheStack() {
    int exit = run("env");

    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("export TRACE_KAFKA_BOOTSTRAP=127.0.0.1:")
        .contains("export TRACE_REGISTRY_URL=http://127.0.0.1:")
        .contains("export TRACE_CLICKHOUSE_URL=http://127.0.0.1:")
        .contains("export TRACE_PG_URL=jdbc:postgresql://127.0.0.1:")
        .contains("export TRACE_MQTT_URL=tcp://127.0.0.1:");
  }

  @Test
  void upOfAnUnknownComponentNamesTheKnownOnes() {
    int exit = run("up", "zookeeper");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown component 'zookeeper'");
  }

  @Test
  void upWithAnUnknownOptionIsAUsageError() {
    int exit = run("up", "--tls");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option(s) [--tls]");
  }

  @Test
  void envSaysWhichClickHouseUserEachServiceUses() {
    int exit = run("env");

    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("export TRACE_CLICKHOUSE_SINK_USER=")
        .contains("export TRACE_CLICKHOUSE_API_USER=")
        .contains("export TRACE_KAFKA_SECURITY_PROTOCOL=");
  }
}
