package io.serialtrace.load.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakOptionsTest {

  private static FaultPlan plan(SoakOptions options) {
    return FaultPlan.of(
        options.seed(),
        options.duration(),
        options.faultEvery(),
        List.of(FaultPlan.Target.values()));
  }

  @Test
  void fifteenMinutesInjectAtLeastTwentyFaults() {
    SoakOptions options = SoakOptions.parse(new String[] {"--minutes", "15"});

    assertThat(options.faultEvery()).isEqualTo(Duration.ofSeconds(40));
    assertThat(plan(options).faults()).hasSize(22);
  }

  @Test
  void threeMinutesHitEveryTargetOnce() {
    SoakOptions options = SoakOptions.parse(new String[] {"--minutes", "3"});

    assertThat(plan(options).faults())
        .extracting(FaultPlan.Planned::target)
        .containsExactlyInAnyOrder(FaultPlan.Target.values());
  }

  @Test
  void drainSettleAndRequiredCompletionsAreTakenFromTheCommandLine() {
    SoakOptions options =
        SoakOptions.parse(
            new String[] {
              "--drain", "4m", "--drain-stall", "90s", "--settle", "120", "--min-completed", "5"
            });

    assertThat(options.drain()).isEqualTo(Duration.ofMinutes(4));
    assertThat(options.drainStall()).isEqualTo(Duration.ofSeconds(90));
    assertThat(options.settle()).isEqualTo(Duration.ofSeconds(120));
    assertThat(options.minCompleted()).isEqualTo(5);
  }

  @Test
  void aNegativeRequiredCompletionCountIsRefusedWithTheUsage() {
    assertThatThrownBy(() -> SoakOptions.parse(new String[] {"--min-completed", "-1"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("usage: ./trace soak");
  }
}
