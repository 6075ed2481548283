package io.serialtrace.load.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.load.soak.FaultPlan.Planned;
import io.serialtrace.load.soak.FaultPlan.Target;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
  private static final List<Target> ALL = List.of(Target.values());

  @Test
  void fifteenMinutesAtTheDefaultSpacingInjectAtLeastTwentyFaults() {
    FaultPlan plan = FaultPlan.of(17, Duration.ofMinutes(15), Duration.ofSeconds(35), ALL);

    assertThat(plan.faults()).hasSize(25);
    assertThat(plan.faults().getFirst().at()).isEqualTo(Duration.ofSeconds(35));
    assertThat(plan.faults().getLast().at()).isLessThan(Duration.ofMinutes(15));
  }

  @Test
  void faultsAreEvenlySpaced() {
    List<Planned> faults =
        FaultPlan.of(3, Duration.ofMinutes(5), Duration.ofSeconds(20), ALL).faults();

    for (int i = 1; i < faults.size(); i++) {
      assertThat(faults.get(i).at().minus(faults.get(i - 1).at()))
          .isEqualTo(Duration.ofSeconds(20));
      assertThat(faults.get(i).index()).isEqualTo(i + 1);
    }
  }

  @Test
  void everyRoundHitsEveryTargetOnce() {
    List<Planned> faults =
        FaultPlan.of(5, Duration.ofMinutes(10), Duration.ofSeconds(30), ALL).faults();

    for (int round = 0; round + ALL.size() <= faults.size(); round += ALL.size()) {
      Set<Target> hit =
          faults.subList(round, round + ALL.size()).stream()
              .map(Planned::target)
              .collect(Collectors.toSet());
      assertThat(hit).containsExactlyInAnyOrderElementsOf(ALL);
    }
  }

  @Test
  void theSameSeedGivesTheSameScheduleAndAnotherSeedAnotherOrder() {
    FaultPlan once = FaultPlan.of(17, Duration.ofMinutes(15), Duration.ofSeconds(35), ALL);
    FaultPlan again = FaultPlan.of(17, Duration.ofMinutes(15), Duration.ofSeconds(35), ALL);
    FaultPlan other = FaultPlan.of(18, Duration.ofMinutes(15), Duration.ofSeconds(35), ALL);

    assertThat(again).isEqualTo(once);
    assertThat(other.faults().stream().map(Planned::target).toList())
        .isNotEqualTo(once.faults().stream().map(Planned::target).toList());
  }

  @Test
  void aSpacingOfZeroIsRefused() {
    assertThatThrownBy(() -> FaultPlan.of(1, Duration.ofMinutes(1), Duration.ZERO, ALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spacing");
  }
}
