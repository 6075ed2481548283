package io.serialtrace.gate.topology;

import static io.serialtrace.gate.rules.TestEvents.acknowledgement;
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
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.ViolationStatus;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows C05–C09 of the state machine: the COMPONENT_REUSED the component-keyed sub-topology raises
 * on a unit still holding a component another unit tried to install comes back to that unit as a
 * refusal notice of its plant: remembered, acknowledged by that plant's quality, never a hold.
 */
class HolderNoticeTest {

  private static final String HOLDER_PLANT = "PLANT-2";

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

  /** A of PLANT-2 holds {@code component}; B of PLANT-1, S10 open, tries to install it (C02). */
  private UnitScenario holderOfAComponentBTriedToInstall(String a, String b, String component) {
    UnitScenario holder = UnitScenario.inPlant(a, HOLDER_PLANT).openStep("S10");
    holder.accept(scanSerial("S10", "HOUSING", component));
    UnitScenario other = new UnitScenario(b).openStep("S10");
    gate.sendAll(holder.decided);
    gate.sendAll(other.decided);
    gate.send(other.now(scanSerial("S10", "HOUSING", component)));
    return holder;
  }

  /** The notice the gate remembers about {@code serial} with COMPONENT_REUSED. */
  private Violation holderNotice(String serial) {
    List<Violation> found = new java.util.ArrayList<>();
    try (var all = gate.notices().all()) {
      all.forEachRemaining(kv -> found.add(kv.value));
    }
    return found.stream()
        .filter(v -> v.getSerial().equals(serial) && v.getCode() == ViolationCode.COMPONENT_REUSED)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no COMPONENT_REUSED notice about " + serial));
  }

  private GateDecision lastDecision() {
    List<GateDecision> all = gate.decisions.readValuesToList();
    return all.get(all.size() - 1);
  }

  @Test
  @StateMachineRow({"C05", "C06", "C07"})
  void theHolderGetsANoticeOfItsPlantThatNeverHoldsItAndItsQualityAcknowledges() {
    // 1. A (PLANT-2) holds H-90; B (PLANT-1) is refused it. A gets a notice in its own plant that
    // names no unit of PLANT-1; nothing is open on A (C05).
    UnitScenario a = holderOfAComponentBTriedToInstall("SN-HA", "SN-HB", "H-90");
    Violation notice = holderNotice("SN-HA");
    assertThat(notice.getStatus()).isEqualTo(ViolationStatus.OPEN);
    assertThat(notice.getPlant()).isEqualTo(HOLDER_PLANT);
    assertThat(notice.getRelatedSerial()).isNull();
    assertThat(notice.getDetail()).contains("a unit of another plant").doesNotContain("SN-HB");
    assertThat(gate.units().get("SN-HA").openViolations()).isEmpty();

    // 2. A notice cannot be dispositioned (R59).
    gate.send(a.now(disposition(notice.getViolationId(), DispositionDecision.USE_AS_IS, "x")));
    assertThat(lastDecision().getReasons()).containsExactly(ViolationCode.UNKNOWN_VIOLATION);

    // 3. A goes through every remaining step and completes: the notice never held it (C06).
    int before = a.decided.size();
    finishFromS10(a);
    gate.sendAll(a.decided.subList(before, a.decided.size()));
    assertThat(gate.completed.readValuesToList())
        .extracting(UnitCompleted::getSerial, UnitCompleted::getStatus)
        .containsExactly(Tuple.tuple("SN-HA", CompletionStatus.COMPLETED));

    // 4. Quality of PLANT-2 acknowledges it, after completion too (C07).
    gate.violations.readValuesToList(); // drain what came before
    gate.send(a.now(acknowledgement(notice.getViolationId())));
    assertThat(lastDecision().getDecision()).isEqualTo(GateOutcome.ACCEPTED);
    assertThat(gate.violations.readValuesToList())
        .extracting(Violation::getViolationId, Violation::getStatus)
        .containsExactly(Tuple.tuple(notice.getViolationId(), ViolationStatus.ACKNOWLEDGED));
    assertThat(gate.units().get("SN-HA").status()).isEqualTo(UnitStatus.COMPLETED);
  }

  @Test
  @StateMachineRow("C08")
  void aNoticeAboutAnAlreadyCompletedHolderIsRememberedAndItsRecordStaysClosed() {
    // 1. A completes with housing H-91; then B tries to install H-91, which A still holds.
    UnitScenario a = UnitScenario.inPlant("SN-CA", HOLDER_PLANT).openStep("S10");
    a.accept(scanSerial("S10", "HOUSING", "H-91"));
    finishFromS10(a);
    UnitScenario b = new UnitScenario("SN-CB").openStep("S10");
    gate.sendAll(a.decided);
    gate.sendAll(b.decided);
    UnitState closed = gate.units().get("SN-CA");
    gate.send(b.now(scanSerial("S10", "HOUSING", "H-91")));

    // 2. A notice on each (B's refusal, A's holding); A's record and state untouched (C08).
    assertThat(gate.violations.readValuesToList())
        .extracting(v -> v.getSerial() + " " + v.getCode() + " " + v.getPlant())
        .containsExactlyInAnyOrder(
            "SN-CA COMPONENT_REUSED " + HOLDER_PLANT, "SN-CB COMPONENT_REUSED PLANT-1");
    assertThat(gate.units().get("SN-CA")).isEqualTo(closed);

    // 3. Acknowledged like any notice of a completed unit (R61).
    gate.send(a.now(acknowledgement(holderNotice("SN-CA").getViolationId())));
    assertThat(lastDecision().getDecision()).isEqualTo(GateOutcome.ACCEPTED);
    assertThat(holderNotice("SN-CA").getStatus()).isEqualTo(ViolationStatus.ACKNOWLEDGED);
  }

  @Test
  @StateMachineRow("C09")
  void aRedeliveredHolderNoticeDoesNotUndoItsAcknowledgement() {
    // 1. A's notice, acknowledged.
    UnitScenario a = holderOfAComponentBTriedToInstall("SN-RA", "SN-RB", "H-92");
    Violation raised = holderNotice("SN-RA");
    gate.send(a.now(acknowledgement(raised.getViolationId())));

    // 2. The same notice arrives again on the loop topic (an at-least-once replay upstream).
    gate.componentViolations.pipeInput(raised.getSerial(), raised);

    // 3. It stays acknowledged.
    assertThat(holderNotice("SN-RA").getStatus()).isEqualTo(ViolationStatus.ACKNOWLEDGED);
  }
}
