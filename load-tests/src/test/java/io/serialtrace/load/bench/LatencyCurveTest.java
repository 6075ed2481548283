package io.serialtrace.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.stack.RepositoryHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LatencyCurveTest {
  private static final GateLatency POINT = new GateLatency(20, 5, 10);

  private static LatencyCurvePhase.Measured at(int rate, double p99Ms, long notAccepted) {
    return new LatencyCurvePhase.Measured(
        POINT, rate, new Latency(1_000, p99Ms / 2, p99Ms, p99Ms, p99Ms), notAccepted, 0);
  }

  @Test
  void theKneeIsTheHighestRateWhoseP99StayedWithin100Ms() {
    List<Row> rows =
        LatencyCurvePhase.rows(
            POINT.toString(), List.of(at(100, 40, 0), at(250, 70, 0), at(500, 130, 0)));

    assertThat(rows).hasSize(4);
    Row knee = rows.getLast();
    assertThat(knee.measurement()).startsWith("knee:").contains(POINT.toString());
    assertThat(knee.figure().value()).isEqualTo(250);
    assertThat(knee.method()).contains("passed 100 ms at 500 events/s");
    assertThat(rows.get(2).figure().value()).isEqualTo(130);
  }

  @Test
  void unansweredEventsEndTheCurveEvenWithAShortP99() {
    List<Row> rows = LatencyCurvePhase.rows("p", List.of(at(100, 20, 0), at(250, 30, 50)));

    assertThat(rows.getLast().figure().value()).isEqualTo(100);
  }

  @Test
  void aCurveThatNeverPassesTheBoundSaysTheKneeIsAboveTheHighestRate() {
    List<Row> rows = LatencyCurvePhase.rows("p", List.of(at(100, 20, 0), at(250, 30, 0)));

    assertThat(rows.getLast().figure().value()).isEqualTo(250);
    assertThat(rows.getLast().method()).contains("above");
  }

  @Test
  void theGateSettingsAreReadFromTheGatesOwnApplicationProperties() {
    GateConfig shipped = GateConfig.shipped(RepositoryHome.find());

    assertThat(shipped.applicationId()).isEqualTo("trace-gate");
    assertThat(shipped.commitInterval()).isPositive();
    assertThat(shipped.isChangelog("trace-gate-gate-units-changelog")).isTrue();
    assertThat(shipped.isChangelog("trace-gate-gate-component-facts-repartition")).isFalse();
    assertThat(shipped.storeOf("trace-gate-gate-units-changelog")).isEqualTo("gate-units");
    assertThat(shipped.latency().commitIntervalMs())
        .isEqualTo((int) shipped.commitInterval().toMillis());
  }

  @Test
  void theRunsNotesStateItsLoadAveragesAndTheCpuTimeOfOtherProcesses() {
    try (RunConditions conditions = new RunConditions(Path.of("/nonexistent-repository"))) {
      conditions.mark("gate phase");
      List<String> notes = conditions.notes();

      assertThat(notes.getFirst())
          .startsWith("Load average")
          .contains("start", "gate phase", "end");
      assertThat(notes.get(1)).contains("CPU time during this run", "other processes");
    }
  }

  @Test
  void theCurveRatesRiseAndTheQuickCurveIsShorter() {
    BenchPlan full = BenchPlan.full();
    BenchPlan quick = BenchPlan.quick();
    assertThat(full.curveRates()).isSorted().contains(500);
    assertThat(quick.curveRates()).isSorted().contains(500);
    assertThat(quick.curveDuration()).isLessThan(full.curveDuration());
    assertThat(quick.curveWarmup()).isGreaterThan(Duration.ZERO);
  }
}
