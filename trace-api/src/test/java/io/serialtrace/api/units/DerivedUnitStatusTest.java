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
class DerivedUnitStatusTest {

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
    boolean holds = DerivedUnitStatus.holds(open(code.name()));

    assertThat(holds).isEqualTo(ViolationLifecycle.kind(code) == ViolationKind.HOLDING);
    assertThat(DerivedUnitStatus.of("IN_WORK", holds ? 1 : 0))
        .isEqualTo(holds ? DerivedUnitStatus.ON_HOLD : DerivedUnitStatus.IN_WORK);
  }

  @Test
  void aReleasedUnitWithAnOpenNoticeIsCompletedAndAUnitInWorkWithOnlyNoticesIsInWork() {
    assertThat(DerivedUnitStatus.holds(open("DUPLICATE_SERIAL"))).isFalse();
    assertThat(DerivedUnitStatus.of("RELEASED_AFTER_DISPOSITION", 0))
        .isEqualTo(DerivedUnitStatus.COMPLETED);
    assertThat(DerivedUnitStatus.of("IN_WORK", 0)).isEqualTo(DerivedUnitStatus.IN_WORK);
  }

  @Test
  void endedViolationsHoldNothing() {
    assertThat(DerivedUnitStatus.holds(stored("LATE_ENTRY", "DISPOSITIONED"))).isFalse();
    assertThat(DerivedUnitStatus.holds(stored("LATE_ENTRY", "CLOSED_WITH_UNIT"))).isFalse();
    assertThat(DerivedUnitStatus.holds(stored("SIGNATURE_INVALID", "ACKNOWLEDGED"))).isFalse();
  }

  @Test
  void theCountQueryExcludesExactlyTheCodesThatDoNotHold() {
    for (ViolationCode code : ViolationCode.values()) {
      boolean excluded = DerivedUnitStatus.HOLDING_CODE_SQL.contains("'" + code.name() + "'");
      assertThat(excluded)
          .as("%s excluded from the holding count", code)
          .isEqualTo(ViolationLifecycle.kind(code) != ViolationKind.HOLDING);
    }
    assertThat(DerivedUnitStatus.HOLDING_CODE_SQL).startsWith("code NOT IN (");
  }
}
