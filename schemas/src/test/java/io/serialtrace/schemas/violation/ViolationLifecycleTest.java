package io.serialtrace.schemas.violation;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.ViolationStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shared rule on its own. Which kind each code has is the gate's table (STATE_MACHINE.md,
 * executed by the gate's ViolationLifecycleTableTest); here: what follows from a kind.
 */
class ViolationLifecycleTest {

  @ParameterizedTest
  @EnumSource(ViolationStatus.class)
  void everyStatusButOpenEndsExactlyOneKind(ViolationStatus status) {
    long kindsEnded =
        EnumSet.allOf(ViolationKind.class).stream()
            .filter(k -> ViolationLifecycle.ends(k).contains(status))
            .count();

    assertThat(ViolationLifecycle.isOpen(status)).isEqualTo(status == ViolationStatus.OPEN);
    assertThat(kindsEnded).isEqualTo(status == ViolationStatus.OPEN ? 0 : 1);
  }

  @Test
  void onlyAnOpenHoldingViolationHoldsItsUnit() {
    assertThat(ViolationLifecycle.holds(ViolationCode.LATE_ENTRY, ViolationStatus.OPEN)).isTrue();
    assertThat(ViolationLifecycle.holds(ViolationCode.LATE_ENTRY, ViolationStatus.DISPOSITIONED))
        .isFalse();
    assertThat(ViolationLifecycle.holds(ViolationCode.DUPLICATE_SERIAL, ViolationStatus.OPEN))
        .isFalse();
  }

  @Test
  void aUnitWithOnlyNoticesOpenIsNotHeld() {
    assertThat(
            ViolationLifecycle.held(
                List.of(ViolationCode.DUPLICATE_SERIAL, ViolationCode.SIGNATURE_INVALID)))
        .isFalse();
    assertThat(
            ViolationLifecycle.held(
                List.of(ViolationCode.SIGNATURE_INVALID, ViolationCode.TOLERANCE_BREACH)))
        .isTrue();
    assertThat(ViolationLifecycle.held(List.of())).isFalse();
  }

  @Test
  void storedNamesFollowTheSameRule() {
    assertThat(ViolationLifecycle.holds("TOLERANCE_BREACH", "OPEN")).isTrue();
    assertThat(ViolationLifecycle.holds("TOLERANCE_BREACH", "CLOSED_WITH_UNIT")).isFalse();
    assertThat(ViolationLifecycle.holds("STEP_OUT_OF_ORDER", "OPEN")).isFalse();
  }

  @Test
  void aStoredCodeOrStatusNewerThanTheReaderIsShownAsHoldingNotHidden() {
    assertThat(ViolationLifecycle.holds("SOME_FUTURE_CODE", "OPEN")).isTrue();
    assertThat(ViolationLifecycle.holds("TOLERANCE_BREACH", "SOME_FUTURE_STATUS")).isTrue();
    assertThat(ViolationLifecycle.holds("DUPLICATE_SERIAL", "SOME_FUTURE_STATUS")).isFalse();
  }

  @Test
  void theKindsPartitionTheCodes() {
    Set<ViolationCode> all = EnumSet.noneOf(ViolationCode.class);
    for (ViolationKind kind : ViolationKind.values()) {
      Set<ViolationCode> codes = ViolationLifecycle.codes(kind);
      assertThat(codes).as("codes of %s", kind).isNotEmpty();
      assertThat(EnumSet.copyOf(codes).removeAll(all)).as("overlap with %s", kind).isFalse();
      all.addAll(codes);
    }
    assertThat(all).containsExactlyInAnyOrder(ViolationCode.values());
  }
}
