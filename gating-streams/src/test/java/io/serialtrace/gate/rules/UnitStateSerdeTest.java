package io.serialtrace.gate.rules;

import static io.serialtrace.gate.rules.TestEvents.measureByDevice;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitStateSerdeTest {

  private final UnitStateSerde serde = new UnitStateSerde();

  private UnitState roundTrip(UnitState state) {
    byte[] bytes = serde.serializer().serialize("t", state);
    return serde.deserializer().deserialize("t", bytes);
  }

  @Test
  void aUnitInWorkWithCapturesViolationsComponentsAndDeadlinesRoundTrips() {
    UnitScenario s = new UnitScenario("SN-SERDE").openStep("S20");
    s.accept(measureByDevice("S20", "torque-M4", 2.5, "Nm", s.calibrated()));
    UnitState state = s.unit();
    assertThat(state.openViolations()).isNotEmpty();
    assertThat(state.installed()).isNotEmpty();
    assertThat(state.deadlines()).isNotEmpty();

    assertThat(roundTrip(state)).isEqualTo(state);
  }

  @Test
  void theCompactedFormRoundTripsAndKeepsWhatTheClosedUnitRulesNeed() {
    UnitState completed = new UnitScenario("SN-COMPACT").through("S60").unit();

    UnitState compacted = roundTrip(completed.compacted());

    assertThat(compacted).isEqualTo(completed.compacted());
    assertThat(compacted.isCompacted()).isTrue();
    assertThat(compacted.status()).isEqualTo(UnitStatus.COMPLETED);
    assertThat(compacted.headHash()).isEqualTo(completed.headHash());
    assertThat(compacted.route()).isEmpty();
    assertThat(serde.serializer().serialize("t", completed.compacted()).length)
        .isLessThan(serde.serializer().serialize("t", completed).length);
  }

  @Test
  void aTombstoneStaysATombstone() {
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }
}
