package io.serialtrace.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SettingsCheckTest {
  private static final Map<String, IngestSettings.Plant> P1 =
      Map.of("P1", plant(List.of("ST-010", "ST-040"), Map.of("torque-tool-7", "ST-010")));

  private static IngestSettings.Plant plant(List<String> stations, Map<String, String> devices) {
    return new IngestSettings.Plant() {
      @Override
      public List<String> stations() {
        return stations;
      }

      @Override
      public Map<String, String> devices() {
        return devices;
      }
    };
  }

  @Test
  void acceptsABodyLimitBelowTheFrameworksCutOffAndDevicesAtListedStations() {
    assertThat(SettingsCheck.problems(1_048_576, OptionalLong.of(8_388_608), P1)).isEmpty();
    assertThat(SettingsCheck.problems(1_048_576, OptionalLong.empty(), P1)).isEmpty();
  }

  @Test
  void refusesABodyLimitAboveTheFrameworksCutOffNamingBothProperties() {
    assertThat(SettingsCheck.problems(9_000_000, OptionalLong.of(8_388_608), P1))
        .singleElement()
        .asString()
        .contains("ingest.http.max-body-bytes", "quarkus.http.limits.max-body-size");
  }

  @Test
  void refusesADeviceAtAStationItsPlantDoesNotList() {
    Map<String, IngestSettings.Plant> plants =
        Map.of("P1", plant(List.of("ST-010"), Map.of("scale-1", "ST-030")));

    assertThat(SettingsCheck.problems(1024, OptionalLong.empty(), plants))
        .singleElement()
        .asString()
        .contains("ingest.plants.P1.devices.scale-1", "ST-030", "ingest.plants.P1.stations");
  }

  @Test
  void acceptsTheDefaultCdcBoundsAndRefusesAStallTimeoutAQuietTableCouldReach() {
    assertThat(
            SettingsCheck.cdcProblems(
                Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofSeconds(30)))
        .isEmpty();
    assertThat(
            SettingsCheck.cdcProblems(
                Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(5)))
        .singleElement()
        .asString()
        .contains("ingest.cdc.stall-timeout (PT20S)", "ingest.cdc.heartbeat-interval (PT10S)");
    assertThat(
            SettingsCheck.cdcProblems(
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30)))
        .singleElement()
        .asString()
        .contains("ingest.cdc.publish-timeout (PT30S)");
  }
}
