package io.serialtrace.gate.topology;

import static io.serialtrace.gate.rules.TestEvents.disposition;
import static io.serialtrace.gate.rules.TestEvents.scanLot;
import static io.serialtrace.gate.rules.TestEvents.scanSerial;
import static io.serialtrace.gate.rules.TestEvents.stepCompleted;
import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.gate.rules.UnitScenario;
import io.serialtrace.gate.rules.UnitState;
import io.serialtrace.gate.rules.UnitStatus;
import io.serialtrace.schemas.CompletionStatus;
import io.serialtrace.schemas.DispositionDecision;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GateOutcome;
import io.serialtrace.schemas.UnitCompleted;
import io.serialtrace.schemas.ViolationCode;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows C05–C09 of the state machine: the COMPONENT_REUSED the component-keyed sub-topology raises
 * on a unit still holding a component another unit tried to install comes back to that unit and
 * holds it like a violation raised on its own events.
 */
class ComponentViolationHoldTest {

  @TempDir Path stateDir;
  private GateDriver gate;

  @BeforeEach
  void start() {
    gate = new GateDriver(stateDir);
    gate.route(TestRoutes.sixStepRoute());
  }

  @AfterEach
  void stop() {
    gate.close();
  }

  /** Scans the rest of S10 and completes it, then does S20..S60, all in the scenario. */
  private static void finishFromS10(UnitScenario s) {
    s.accept(scanLot("S10", "SCREW", "LOT-SCREW", 4));
    s.accept(stepCompleted("S10"));
    for (String step : List.of("S20", "S30", "S40", "S50", "S60")) {
      s.doStep(step);
    }
  }

  private UUID openComponentViolation(String serial, ViolationCode code) {
    UnitState unit = gate.units().get(serial);
    return unit.openViolations().stream()
        .filter(v -> v.code() == code)
        .findFirst()
        .orElseThrow(() -> new AssertionError(code + " is not open on " + serial))
        .violationId();
  }

  /** A holds {@code component}; B, S10 open, tries to install it too and is refused (C02). */
  private UnitScenario holderOfAComponentBTriedToInstall(String a, String b, String component) {
    UnitScenario holder = new UnitScenario(a).openStep("S10");
    holder.accept(scanSerial("S10", "HOUSING", component));
    UnitScenario other = new UnitScenario(b).openStep("S10");
    gate.sendAll(holder.decided);
    gate.sendAll(other.decided);
    gate.send(other.now(scanSerial("S10", "HOUSING", component)));
    return holder;
  }

  @Test
  @StateMachineRow({"C05", "C06", "C07"})
  void aHolderOfAComponentInstalledElsewhereIsHeldUntilASignedDispositionReleasesIt() {
    // 1. A holds H-90; B's installation of it is refused; the violation is open on A (C05).
    UnitScenario a = holderOfAComponentBTriedToInstall("SN-HA", "SN-HB", "H-90");
    UUID onA = openComponentViolation("SN-HA", ViolationCode.COMPONENT_REUSED);
    assertThat(gate.units().get("SN-HB").openViolations()).isEmpty();

    // 2. A goes through every remaining step, each accepted: at its last step it is on HOLD (C06).
    int before = a.decided.size();
    finishFromS10(a);
    gate.sendAll(a.decided.subList(before, a.decided.size()));
    assertThat(gate.units().get("SN-HA").status()).isEqualTo(UnitStatus.HOLD);
    assertThat(gate.completed.isEmpty()).isTrue();

    // 3. A signed USE_AS_IS disposition of it releases A (C07).
    gate.decisions.readValuesToList(); // drain what came before
    gate.send(a.now(disposition(onA, DispositionDecision.USE_AS_IS, a.unit().headHash())));
    assertThat(gate.decisions.readValuesToList())
        .extracting(GateDecision::getDecision)
        .containsExactly(GateOutcome.ACCEPTED);
    assertThat(gate.completed.readValuesToList())
        .extracting(UnitCompleted::getSerial, UnitCompleted::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "SN-HA", CompletionStatus.RELEASED_AFTER_DISPOSITION));
    assertThat(gate.units().get("SN-HA").status()).isEqualTo(UnitStatus.COMPLETED);
  }

  @Test
  @StateMachineRow("C08")
  void aComponentViolationOnAnAlreadyCompletedUnitCannotReopenItsRecord() {
    // 1. A completes with housing H-91; then B tries to install H-91, which A still holds.
    UnitScenario a = new UnitScenario("SN-CA").openStep("S10");
    a.accept(scanSerial("S10", "HOUSING", "H-91"));
    finishFromS10(a);
    UnitScenario b = new UnitScenario("SN-CB").openStep("S10");
    gate.sendAll(a.decided);
    gate.sendAll(b.decided);
    gate.send(b.now(scanSerial("S10", "HOUSING", "H-91")));

    // 2. Raised on both (B's refusal, A's holding), but held on neither: A's record is closed
    // (C08).
    assertThat(gate.violations.readValuesToList())
        .extracting(v -> v.getSerial() + " " + v.getCode())
        .containsExactlyInAnyOrder("SN-CA COMPONENT_REUSED", "SN-CB COMPONENT_REUSED");
    UnitState closedA = gate.units().get("SN-CA");
    assertThat(closedA.status()).isEqualTo(UnitStatus.COMPLETED);
    assertThat(closedA.openViolations()).isEmpty();

    // 3. So a disposition of it on A is refused: UNIT_CLOSED.
    gate.decisions.readValuesToList(); // drain what came before
    gate.send(a.now(disposition(UUID.randomUUID(), DispositionDecision.USE_AS_IS, "x")));
    assertThat(gate.decisions.readValuesToList())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getDecision()).isEqualTo(GateOutcome.REJECTED);
              assertThat(d.getReasons()).containsExactly(ViolationCode.UNIT_CLOSED);
            });
  }

  @Test
  @StateMachineRow("C09")
  void aRedeliveredComponentViolationIsHeldOnce() {
    // 1. A holds a COMPONENT_REUSED.
    holderOfAComponentBTriedToInstall("SN-RA", "SN-RB", "H-92");
    UnitState held = gate.units().get("SN-RA");

    // 2. The same violation arrives again on the loop topic (an at-least-once replay upstream).
    var again =
        held.openViolations().stream()
            .filter(v -> v.code() == ViolationCode.COMPONENT_REUSED)
            .findFirst()
            .orElseThrow()
            .raised();
    gate.componentViolations.pipeInput(again.getSerial(), again);

    // 3. Nothing changes: still one open violation, counted once.
    assertThat(gate.units().get("SN-RA")).isEqualTo(held);
  }
}
