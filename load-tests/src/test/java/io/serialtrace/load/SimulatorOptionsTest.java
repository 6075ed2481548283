package io.serialtrace.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {

  @Test
  void optionsOverrideTheDefaults() {
    SimulatorOptions options =
        SimulatorOptions.parse(
            new String[] {
              "--plants",
              "4",
              "--duration",
              "2m",
              "--rate",
              "3.5",
              "--faults",
              "LATE_ENTRY,SKIPPED_SCAN"
            });

    assertThat(options.plants()).isEqualTo(4);
    assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(options.rate()).isEqualTo(3.5);
    assertThat(options.faults()).containsExactlyInAnyOrder(Fault.LATE_ENTRY, Fault.SKIPPED_SCAN);
  }

  @Test
  void aPlantCountIngestDoesNotKnowIsRefusedWithTheUsage() {
    assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--plants", "5"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--plants must be 1..4")
        .hasMessageContaining("usage: PlantSimulator");
  }

  @Test
  void anUnknownFaultIsRefused() {
    assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--faults", "GREMLINS"}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durationsReadSecondsMinutesMillisAndIso() {
    assertThat(SimulatorOptions.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(SimulatorOptions.duration("3m")).isEqualTo(Duration.ofMinutes(3));
    assertThat(SimulatorOptions.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(SimulatorOptions.duration("PT1H")).isEqualTo(Duration.ofHours(1));
  }
}
