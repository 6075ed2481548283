package io.serialtrace.gate.rules;

import static io.serialtrace.gate.rules.TestEvents.measureByDevice;
import static io.serialtrace.gate.rules.TestEvents.scanLot;
import static io.serialtrace.gate.rules.TestEvents.scanSerial;
import static io.serialtrace.gate.rules.UnitScenario.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.schemas.ProductionEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
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

    assertThat(roundTrip(state).withRoute(s.route)).isEqualTo(state);
  }

  @Test
  void aStateIsStoredWithoutItsRouteNamingItsRevisionWhichTheGateLooksUp() {
    UnitScenario s = new UnitScenario("SN-NOROUTE").openStep("S20");
    byte[] bytes = serde.serializer().serialize("t", s.unit());

    UnitState read = serde.deserializer().deserialize("t", bytes);

    assertThat(read.route()).isEmpty();
    assertThat(read.needsRoute()).isTrue();
    assertThat(read.routeRevision()).isEqualTo(s.route.getRevision());
    // Steps of the route appear nowhere in the bytes: the unit has not reached them.
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("S60");
    assertThatThrownBy(read::steps).isInstanceOf(IllegalStateException.class);
    assertThat(read.withRoute(s.route)).isEqualTo(s.unit());
  }

  @Test
  void anInstallationWaitingForItsClaimRoundTripsWithTheEventsParkedBehindIt() {
    // 1. S10 open; the housing's installation waits for its claim, a lot scan parked behind it.
    UnitScenario s = new UnitScenario("SN-WAIT").openStep("S10");
    ClaimWaitRules claims = new ClaimWaitRules(s.rules, Duration.ofSeconds(10));
    ProductionEvent install = s.now(scanSerial("S10", "HOUSING", "H-WAIT"));
    UnitState waiting =
        claims
            .admit(
                s.state,
                install,
                Optional.empty(),
                install.getReceivedTime(),
                T0,
                ClaimWaitRules.Memory.none())
            .next()
            .orElseThrow();
    ProductionEvent screws = s.now(scanLot("S10", "SCREW", "LOT-SCREW", 4));
    UnitState parked =
        claims
            .admit(
                Optional.of(waiting),
                screws,
                Optional.empty(),
                screws.getReceivedTime(),
                T0,
                ClaimWaitRules.Memory.none())
            .next()
            .orElseThrow();
    assertThat(parked.claimWait()).hasValueSatisfying(w -> assertThat(w.behind()).hasSize(1));

    // 2. Stored and read back whole, the parked events exactly as received.
    assertThat(roundTrip(parked).withRoute(s.route)).isEqualTo(parked);
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
