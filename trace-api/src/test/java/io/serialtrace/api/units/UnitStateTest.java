package io.serialtrace.api.units;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.violation.ViolationKind;
import io.serialtrace.schemas.violation.ViolationLifecycle;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A unit's state from its stored status and its open violations, by the gate's own rule. */
class UnitStateTest {

  private static ViolationView open(String code) {
    return stored(code, "OPEN");
  }

  private static ViolationView stored(String code, String status) {
    return new ViolationView(
        "v-1",
        "SN-1",
        "P1",
        "ST-1",
        code,
        "CRITICAL",
        status,
        Instant.parse("2026-03-02T08:00:00Z"),
        Optional.empty(),
        code,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  @ParameterizedTest
  @EnumSource(ViolationCode.class)
  void anOpenViolationHoldsItsUnitExactlyWhenTheGatesRuleSaysItsCodeHolds(ViolationCode code) {
    boolean holds = UnitState.holds(open(code.name()));

    assertThat(holds).isEqualTo(ViolationLifecycle.kind(code) == ViolationKind.HOLDING);
    assertThat(UnitState.of("IN_WORK", holds ? 1 : 0))
        .isEqualTo(holds ? UnitState.ON_HOLD : UnitState.IN_WORK);
  }

  @Test
  void aReleasedUnitWithAnOpenNoticeIsCompletedAndAUnitInWorkWithOnlyNoticesIsInWork() {
    assertThat(UnitState.holds(open("DUPLICATE_SERIAL"))).isFalse();
    assertThat(UnitState.of("RELEASED_AFTER_DISPOSITION", 0)).isEqualTo(UnitState.COMPLETED);
    assertThat(UnitState.of("IN_WORK", 0)).isEqualTo(UnitState.IN_WORK);
  }

  @Test
  void endedViolationsHoldNothing() {
    assertThat(UnitState.holds(stored("LATE_ENTRY", "DISPOSITIONED"))).isFalse();
    assertThat(UnitState.holds(stored("LATE_ENTRY", "CLOSED_WITH_UNIT"))).isFalse();
    assertThat(UnitState.holds(stored("SIGNATURE_INVALID", "ACKNOWLEDGED"))).isFalse();
  }

  @Test
  void theCountQueryExcludesExactlyTheCodesThatDoNotHold() {
    for (ViolationCode code : ViolationCode.values()) {
      boolean excluded = UnitState.HOLDING_CODE_SQL.contains("'" + code.name() + "'");
      assertThat(excluded)
          .as("%s excluded from the holding count", code)
          .isEqualTo(ViolationLifecycle.kind(code) != ViolationKind.HOLDING);
    }
    assertThat(UnitState.HOLDING_CODE_SQL).startsWith("code NOT IN (");
  }
}
