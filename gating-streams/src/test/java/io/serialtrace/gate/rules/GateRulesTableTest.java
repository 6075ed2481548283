package io.serialtrace.gate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.StateMachineTable.Row;
import io.serialtrace.schemas.GateOutcome;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationStatus;
import io.serialtrace.schemas.record.RecordHasher;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per row of the rule table in docs/STATE_MACHINE.md. The expected outcome, reasons and
 * next status come from the document; this class only arranges each row's unit state and input.
 */
class GateRulesTableTest {

  private static final Map<String, StateMachineCases.Case> CASES = StateMachineCases.CASES;

  static Stream<Row> rows() {
    return StateMachineTable.rows().values().stream();
  }

  @Test
  void everyRowOfTheTableHasACaseAndEveryCaseARow() {
    assertThat(CASES.keySet())
        .containsExactlyInAnyOrderElementsOf(StateMachineTable.rows().keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decidesAsTheStateMachineTableSays(Row row) {
    // 1. Arrange the row's unit state through real decisions, and its input.
    UnitScenario s = new UnitScenario("SN-" + row.id());
    StateMachineCases.Case c = CASES.get(row.id());
    assertThat(c).as("case for %s", row.id()).isNotNull();
    StateMachineCases.Probe probe = c.arrange().apply(s);
    Optional<UnitState> before = s.state;

    // 2. Decide, then verify against the table.
    switch (probe) {
      case StateMachineCases.Probe.Clock clock -> {
        assertThat(row.outcome()).isEqualTo("CLOCK");
        ClockResult result = s.rules.onClock(s.unit(), clock.at());
        assertThat(result.violations()).extracting(Violation::getCode).isEqualTo(row.reasons());
        assertThat(result.next().status().name()).isEqualTo(row.nextStatus());
        assertThat(result.next().openViolations())
            .hasSize(before.orElseThrow().openViolations().size() + row.reasons().size());
      }
      case StateMachineCases.Probe.Event e -> {
        Verdict v =
            s.rules.decide(
                before,
                e.event(),
                e.route().or(() -> Optional.of(s.route)),
                s.namedNotice(e.event()),
                e.event().getReceivedTime());
        assertThat(v.decision().getDecision().name()).isEqualTo(row.outcome());
        assertThat(v.decision().getReasons()).isEqualTo(row.reasons());
        assertThat(v.decision().getMessages()).hasSameSizeAs(row.reasons());
        assertThat(v.decision().getEventId()).isEqualTo(e.event().getEventId());
        switch (v) {
          case Verdict.Accepted a -> {
            assertThat(a.next().status().name()).isEqualTo(row.nextStatus());
            long prevSeq = before.map(UnitState::seq).orElse(0L);
            assertThat(a.record().getSeq()).isEqualTo(prevSeq + 1);
            assertThat(a.decision().getRecordSeq()).isEqualTo(prevSeq + 1);
            assertThat(a.record().getPrevHash())
                .isEqualTo(before.map(UnitState::headHash).orElse(RecordHasher.GENESIS));
            assertThat(a.record().getRecordHash()).isEqualTo(RecordHasher.recompute(a.record()));
            assertThat(a.next().headHash()).isEqualTo(a.record().getRecordHash());
            assertThat(
                    a.violations().stream()
                        .filter(x -> x.getStatus() == ViolationStatus.OPEN)
                        .map(Violation::getCode))
                .containsExactlyElementsOf(row.reasons());
          }
          case Verdict.Rejected r -> {
            assertThat(v.decision().getDecision()).isEqualTo(GateOutcome.REJECTED);
            assertThat(v.decision().getRecordSeq()).isNull();
            assertThat(before.map(u -> u.status().name()).orElse("none"))
                .isEqualTo(row.nextStatus());
            assertThat(r.violations())
                .extracting(Violation::getCode)
                .containsExactlyElementsOf(
                    row.reasons().stream().filter(ViolationPolicy::raisesViolation).toList());
          }
          case Verdict.Acknowledged a -> {
            // Nothing appended, no unit changed: only the notice ended.
            assertThat(v.decision().getRecordSeq()).isNull();
            assertThat(before.map(u -> u.status().name()).orElse("none"))
                .isEqualTo(row.nextStatus());
            assertThat(a.acknowledged().getStatus()).isEqualTo(ViolationStatus.ACKNOWLEDGED);
          }
        }
        c.extra().verify(s, v);
      }
    }
  }
}
