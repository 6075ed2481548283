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
 * Rows C05–C08 of the state machine: violations raised by the component-keyed sub-topology come
 * back to the units they concern and hold them like violations raised on their own events.
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

  @Test
  void aReusedComponentHoldsTheUnitUntilASignedDispositionReleasesIt() {
    // 1. A and B both install housing H-90 in S10 (C01): raised on both, and open on both (C05).
    UnitScenario a = new UnitScenario("SN-HA").openStep("S10");
    UnitScenario b = new UnitScenario("SN-HB").openStep("S10");
    a.accept(scanSerial("S10", "HOUSING", "H-90"));
    b.accept(scanSerial("S10", "HOUSING", "H-90"));
    gate.sendAll(a.decided);
    gate.sendAll(b.decided);
    UUID onB = openComponentViolation("SN-HB", ViolationCode.COMPONENT_REUSED);
    openComponentViolation("SN-HA", ViolationCode.COMPONENT_REUSED);

    // 2. B goes through every remaining step, each accepted: at its last step it is on HOLD (C06).
    int before = b.decided.size();
    finishFromS10(b);
    gate.sendAll(b.decided.subList(before, b.decided.size()));
    assertThat(gate.units().get("SN-HB").status()).isEqualTo(UnitStatus.HOLD);
    assertThat(gate.completed.isEmpty()).isTrue();

    // 3. A signed USE_AS_IS disposition of it releases B (C07).
    gate.decisions.readValuesToList(); // drain what came before
    gate.send(b.now(disposition(onB, DispositionDecision.USE_AS_IS, b.unit().headHash())));
    assertThat(gate.decisions.readValuesToList())
        .extracting(GateDecision::getDecision)
        .containsExactly(GateOutcome.ACCEPTED);
    assertThat(gate.completed.readValuesToList())
        .extracting(UnitCompleted::getSerial, UnitCompleted::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "SN-HB", CompletionStatus.RELEASED_AFTER_DISPOSITION));
    assertThat(gate.units().get("SN-HB").status()).isEqualTo(UnitStatus.COMPLETED);
  }

  @Test
  void aSubAssemblyNotReleasedHoldsTheUnitItWentInto() {
    // 1. SUB-H is in work; SN-HT installs it as its housing (C03), then does every step.
    UnitScenario sub = new UnitScenario("SUB-H").start();
    UnitScenario top = new UnitScenario("SN-HT").openStep("S10");
    top.accept(scanSerial("S10", "HOUSING", "SUB-H"));
    finishFromS10(top);
    gate.sendAll(sub.decided);
    gate.sendAll(top.decided);

    // 2. The unit holds the violation and is on HOLD instead of completed (C06).
    openComponentViolation("SN-HT", ViolationCode.COMPONENT_NOT_RELEASED);
    assertThat(gate.units().get("SN-HT").status()).isEqualTo(UnitStatus.HOLD);
    assertThat(gate.completed.isEmpty()).isTrue();
  }

  @Test
  void aComponentViolationOnAnAlreadyCompletedUnitCannotReopenItsRecord() {
    // 1. A completes with housing H-91; then B installs H-91 while A still holds it (C01).
    UnitScenario a = new UnitScenario("SN-CA").openStep("S10");
    a.accept(scanSerial("S10", "HOUSING", "H-91"));
    finishFromS10(a);
    UnitScenario b = new UnitScenario("SN-CB").openStep("S10");
    b.accept(scanSerial("S10", "HOUSING", "H-91"));
    gate.sendAll(a.decided);
    gate.sendAll(b.decided);

    // 2. Raised on both, but only B holds it: A's record is closed (C08).
    assertThat(gate.violations.readValuesToList())
        .extracting(v -> v.getSerial() + " " + v.getCode())
        .containsExactlyInAnyOrder("SN-CA COMPONENT_REUSED", "SN-CB COMPONENT_REUSED");
    openComponentViolation("SN-CB", ViolationCode.COMPONENT_REUSED);
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
  void aRedeliveredComponentViolationIsHeldOnce() {
    // 1. B holds a COMPONENT_REUSED.
    UnitScenario a = new UnitScenario("SN-RA").openStep("S10");
    UnitScenario b = new UnitScenario("SN-RB").openStep("S10");
    a.accept(scanSerial("S10", "HOUSING", "H-92"));
    b.accept(scanSerial("S10", "HOUSING", "H-92"));
    gate.sendAll(a.decided);
    gate.sendAll(b.decided);
    UnitState held = gate.units().get("SN-RB");

    // 2. The same violation arrives again on the loop topic (an at-least-once replay upstream).
    var again =
        held.openViolations().stream()
            .filter(v -> v.code() == ViolationCode.COMPONENT_REUSED)
            .findFirst()
            .orElseThrow()
            .raised();
    gate.componentViolations.pipeInput(again.getSerial(), again);

    // 3. Nothing changes: still one open violation, counted once.
    assertThat(gate.units().get("SN-RB")).isEqualTo(held);
  }
}
