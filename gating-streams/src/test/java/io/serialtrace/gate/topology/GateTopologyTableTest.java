package io.serialtrace.gate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.StateMachineCases;
import io.serialtrace.gate.rules.StateMachineCasesAccess;
import io.serialtrace.gate.rules.StateMachineTable;
import io.serialtrace.gate.rules.StateMachineTable.Row;
import io.serialtrace.gate.rules.UnitScenario;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.ViolationStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The event rows of the state-machine table again, through the whole topology: the arrangement's
 * events are produced to the input topic, then the row's event, and the decision and violations
 * read from the output topics must be what the table says. Clock rows and rows whose arrangement
 * edits the state by hand are covered by the punctuator and compaction tests of GateTopologyTest.
 */
class GateTopologyTableTest {

  /** Arranged by editing state directly (compaction, a clock tick) rather than by events. */
  private static final Set<String> NOT_BY_EVENTS = Set.of("R04", "R38", "R50");

  @TempDir Path stateDir;

  static Stream<Row> eventRows() {
    return StateMachineTable.rows().values().stream()
        .filter(r -> !r.outcome().equals("CLOCK") && !NOT_BY_EVENTS.contains(r.id()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventRows")
  void theTopologyDecidesAsTheStateMachineTableSays(Row row) {
    // 1. Arrange the row with the rules, remembering the events that led there.
    UnitScenario s = new UnitScenario("SN-" + row.id());
    StateMachineCases.Probe.Event probe =
        (StateMachineCases.Probe.Event) StateMachineCases.CASES.get(row.id()).arrange().apply(s);

    try (GateDriver gate = new GateDriver(stateDir)) {
      gate.route(probe.route().orElse(s.route));
      gate.sendAll(s.decided);
      gate.decisions.readValuesToList();
      gate.violations.readValuesToList();

      // 2. Produce the row's event.
      gate.send(probe.event());

      // 3. One decision as the table says; the violations it raised on the live stream.
      List<GateDecision> decisions = gate.decisions.readValuesToList();
      assertThat(decisions).hasSize(1);
      assertThat(decisions.get(0).getDecision().name()).isEqualTo(row.outcome());
      assertThat(decisions.get(0).getReasons()).isEqualTo(row.reasons());
      List<ViolationCode> raised =
          gate.violations.readValuesToList().stream()
              .filter(v -> v.getStatus() == ViolationStatus.OPEN)
              .map(Violation::getCode)
              .toList();
      List<ViolationCode> expected =
          row.outcome().equals("ACCEPTED")
              ? row.reasons()
              : row.reasons().stream().filter(StateMachineCasesAccess::raisesViolation).toList();
      assertThat(raised).isEqualTo(expected);
    }
  }
}
