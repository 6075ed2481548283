package io.serialtrace.load.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.load.bench.BenchOptions.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BenchOptionsTest {

  @Test
  void withoutOptionsEveryPhaseRunsAndBenchmarksMdIsRegenerated() {
    BenchOptions options = BenchOptions.parse(List.of());

    assertThat(options.quick()).isFalse();
    assertThat(options.phases()).containsExactly(Phase.values());
    assertThat(options.allPhases()).isTrue();
    assertThat(options.suffix()).isEmpty();
  }

  @Test
  void onlyRunsTheNamedPhasesAndNamesThemInTheResultFiles() {
    BenchOptions options =
        BenchOptions.parse(List.of("--quick", "--only", "latency,gate", "--command", "x y"));

    assertThat(options.quick()).isTrue();
    assertThat(options.phases()).containsExactly(Phase.GATE, Phase.LATENCY);
    assertThat(options.allPhases()).isFalse();
    assertThat(options.suffix()).isEqualTo("-only-gate-latency");
    assertThat(options.command()).contains("x y");
  }

  @Test
  void sinkAloneIsAPhaseOfItsOwn() {
    BenchOptions options = BenchOptions.parse(List.of("--only", "sink"));

    assertThat(options.phases()).containsExactly(Phase.SINK);
    assertThat(options.suffix()).isEqualTo("-only-sink");
  }

  @Test
  void refusesAnUnknownPhaseAndAnUnknownOption() {
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--only", "gate,nope")))
        .hasMessageContaining("unknown phase 'nope'");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--fast")))
        .hasMessageContaining("unknown option --fast");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--only")))
        .hasMessageContaining("--only needs a value");
  }
}
