package io.serialtrace.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StackSettingsTest {
  private static final Path HOME = Path.of("/opt/trace-checkout");

  @ParameterizedTest
  @EnumSource(StackSetting.class)
  void everySettingIsDocumentedWithItsVariableAndDefault(StackSetting setting) {
    assertThat(setting.description()).as("description of %s", setting).isNotBlank().endsWith(".");
    assertThat(setting.environmentVariable()).startsWith("TRACE_");
    assertThat(setting.defaultValue()).isNotBlank();
  }

  @Test
  void environmentVariablesAreDistinct() {
    assertThat(Arrays.stream(StackSetting.values()).map(StackSetting::environmentVariable))
        .doesNotHaveDuplicates();
  }

  @Test
  void theTestStackMovesEveryPortByTheOffsetAndKeepsItsStateApart() {
    StackSettings demo = StackSettings.from(HOME, name -> null);
    StackSettings test = StackSettings.from(HOME, Map.of("TRACE_STACK", "test")::get);

    assertThat(test.isTestStack()).isTrue();
    assertThat(test.stateDir()).isEqualTo(demo.stateDir().resolve("test"));
    for (StackSetting port : StackSetting.values()) {
      if (port.name().endsWith("_PORT")) {
        assertThat(test.port(port)).as("%s", port).isEqualTo(demo.port(port) + 10_000);
      }
    }
    // Derived settings keep the move (the secure test broker sits beside the test Kafka).
    StackSettings derived = test.with(Map.of(StackSetting.CACHE_DIR, ".cache"));
    assertThat(derived.port(StackSetting.KAFKA_PORT)).isEqualTo(29092);
  }

  @Test
  void aTestStackOffsetPastTheLastPortNamesBothSettings() {
    Map<String, String> env =
        Map.of(
            "TRACE_STACK", "test", "TRACE_TEST_PORT_OFFSET", "50000", "TRACE_KAFKA_PORT", "19092");
    assertThatThrownBy(() -> StackSettings.from(HOME, env::get))
        .hasMessageContaining("TRACE_TEST_PORT_OFFSET=50000")
        .hasMessageContaining("65535");
  }

  @Test
  void anUnknownStackIsRefusedWithTheTwoKnownOnes() {
    assertThatThrownBy(() -> StackSettings.from(HOME, Map.of("TRACE_STACK", "prod")::get))
        .hasMessageContaining("TRACE_STACK=prod")
        .hasMessageContaining("demo or test");
  }

  @Test
  void defaultPortsAreDistinctAndNotTheProductsUsualOnes() {
    StackSettings settings = StackSettings.from(HOME, name -> null);
    var ports =
        Arrays.stream(StackSetting.values())
            .filter(s -> s.name().endsWith("_PORT"))
            .map(settings::port)
            .toList();
    assertThat(ports).doesNotHaveDuplicates().doesNotContain(9092, 8080, 8123, 9000, 5432, 1883);
  }

  @Test
  void takesValuesFromTheEnvironmentAndDefaultsTheRest() {
    StackSettings settings =
        StackSettings.from(
            HOME, Map.of("TRACE_KAFKA_PORT", "29092", "TRACE_STATE_DIR", "/var/tmp/st")::get);

    assertThat(settings.port(StackSetting.KAFKA_PORT)).isEqualTo(29092);
    assertThat(settings.port(StackSetting.MQTT_PORT)).isEqualTo(11883);
    assertThat(settings.stateDir()).isEqualTo(Path.of("/var/tmp/st"));
    assertThat(settings.cacheDir()).isEqualTo(HOME.resolve(".cache"));
    assertThat(settings.logFile("kafka")).isEqualTo(Path.of("/var/tmp/st/logs/kafka.log"));
    assertThat(settings.readyTimeout()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void refusesAPortThatIsNotANumberNamingTheVariable() {
    assertThatThrownBy(() -> StackSettings.from(HOME, Map.of("TRACE_MQTT_PORT", "mqtt")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TRACE_MQTT_PORT=mqtt");
  }

  @Test
  void refusesAPrivilegedPort() {
    assertThatThrownBy(() -> StackSettings.from(HOME, Map.of("TRACE_POSTGRES_PORT", "80")::get))
        .hasMessageContaining("TRACE_POSTGRES_PORT=80")
        .hasMessageContaining("1024 to 65535");
  }

  @Test
  void refusesAReadyTimeoutThatIsNotWholeSeconds() {
    assertThatThrownBy(
            () -> StackSettings.from(HOME, Map.of("TRACE_READY_TIMEOUT_SECONDS", "1m")::get))
        .hasMessageContaining("TRACE_READY_TIMEOUT_SECONDS=1m");
  }
}
