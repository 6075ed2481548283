package io.serialtrace.gate.topology;

import static io.serialtrace.gate.rules.TestEvents.removeSerial;
import static io.serialtrace.gate.rules.TestEvents.scanSerial;
import static io.serialtrace.gate.topology.ClaimTable.decidedAsTheTableSays;
import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.ComponentFact;
import io.serialtrace.gate.rules.ComponentState;
import io.serialtrace.gate.rules.TestEvents;
import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.gate.rules.UnitScenario;
import io.serialtrace.schemas.ComponentHolder;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claim rows of the state machine's "Across units" table through the whole topology: the
 * installing unit's event, its claim on the component's key, the answer back on the unit's key and
 * the decision, all within one {@code pipeInput} (the test driver feeds the gate-internal topics
 * back). The installation's decision and reasons are read from the table.
 */
class ComponentClaimTest {

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

  /** A unit of {@code plant} with S10 open, as the gate has it. */
  private UnitScenario unitWithS10Open(String serial, String plant) {
    UnitScenario unit = UnitScenario.inPlant(serial, plant).openStep("S10");
    gate.sendAll(unit.decided);
    return unit;
  }

  /** {@code unit} scans {@code component} as its housing; the gate's decision about that scan. */
  private GateDecision install(UnitScenario unit, String component) {
    return decisionOf(unit.now(scanSerial("S10", "HOUSING", component)));
  }

  private GateDecision decisionOf(ProductionEvent event) {
    gate.decisions.readValuesToList(); // what came before
    gate.send(event);
    List<GateDecision> decided = gate.decisions.readValuesToList();
    assertThat(decided).extracting(GateDecision::getEventId).containsOnly(event.getEventId());
    return decided.get(decided.size() - 1);
  }

  private List<String> holders(String component) {
    ComponentState state = gate.components().get(component);
    return state == null
        ? List.of()
        : state.holders().stream().map(ComponentState.Holder::unitSerial).toList();
  }

  @Test
  @StateMachineRow("C01")
  void aComponentNoUnitHoldsIsInstalledAndHeldByTheUnit() {
    UnitScenario b = unitWithS10Open("SN-C01", TestEvents.PLANT);
    gate.genealogy.readValuesToList();

    decidedAsTheTableSays("C01", install(b, "H-C01"));

    assertThat(holders("H-C01")).containsExactly("SN-C01");
    assertThat(gate.genealogy.readValuesToList())
        .extracting(e -> e.getParentSerial() + " " + e.getEdgeType() + " " + e.getChildSerial())
        .containsExactly("SN-C01 INSTALLED H-C01");
  }

  @Test
  @StateMachineRow("C02")
  void aComponentStillInAUnitOfAnotherPlantIsRefusedAtTheScanAndTheHolderIsToldInItsOwnPlant() {
    // 1. A, of plant P2, installs H-77; B, of plant P4, has S10 open.
    UnitScenario a = unitWithS10Open("SN-A", "P2");
    assertThat(install(a, "H-77").getDecision().name()).isEqualTo("ACCEPTED");
    UnitScenario b = unitWithS10Open("SN-B", "P4");
    long recordsOfB = b.decided.size();
    gate.records.readValuesToList();
    gate.violations.readValuesToList();

    // 2. B scans H-77.
    GateDecision refused = install(b, "H-77");

    // 3. Refused at the scan; the holder is in the decision, with its plant, never in its text.
    decidedAsTheTableSays("C02", refused);
    assertThat(refused.getComponentHolders()).containsExactly(new ComponentHolder("SN-A", "P2"));
    assertThat(refused.getMessages())
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .contains("H-77", "a unit of another plant")
                    .doesNotContain("SN-A", "P2"));
    // Nothing entered B's record; A still holds the component.
    assertThat(gate.records.isEmpty()).isTrue();
    assertThat(gate.units().get("SN-B").seq()).isEqualTo(recordsOfB);
    assertThat(gate.units().get("SN-B").installed()).isEmpty();
    assertThat(holders("H-77")).containsExactly("SN-A");

    // 4. Raised on B (refused, in P4) and on A, in A's plant; neither names the other plant's unit.
    List<Violation> raised = gate.violations.readValuesToList();
    assertThat(raised)
        .extracting(
            v ->
                v.getSerial() + " " + v.getPlant() + " " + v.getCode() + " " + v.getRelatedSerial())
        .containsExactlyInAnyOrder(
            "SN-B P4 COMPONENT_REUSED null", "SN-A P2 COMPONENT_REUSED null");
    assertThat(raised).allSatisfy(v -> assertThat(v.getComponentSerial()).isEqualTo("H-77"));
    Violation onHolder =
        raised.stream().filter(v -> v.getSerial().equals("SN-A")).findFirst().orElseThrow();
    assertThat(onHolder.getDetail())
        .contains("installed in SN-A", "a unit of another plant", "still in SN-A")
        .doesNotContain("SN-B", "P4");
    Violation onInstaller =
        raised.stream().filter(v -> v.getSerial().equals("SN-B")).findFirst().orElseThrow();
    assertThat(onInstaller.getDetail()).doesNotContain("SN-A", "P2");
  }

  @Test
  @StateMachineRow("C10")
  void aComponentStillInAUnitOfTheSamePlantIsRefusedNamingThatUnit() {
    UnitScenario a = unitWithS10Open("SN-A10", TestEvents.PLANT);
    install(a, "H-10");
    UnitScenario b = unitWithS10Open("SN-B10", TestEvents.PLANT);

    GateDecision refused = install(b, "H-10");

    decidedAsTheTableSays("C10", refused);
    assertThat(refused.getMessages())
        .singleElement()
        .satisfies(m -> assertThat(m).contains("unit SN-A10"));
    assertThat(refused.getComponentHolders())
        .containsExactly(new ComponentHolder("SN-A10", TestEvents.PLANT));
    // In one plant, each notice names the other unit.
    assertThat(gate.violations.readValuesToList())
        .filteredOn(v -> v.getCode() == ViolationCode.COMPONENT_REUSED)
        .extracting(v -> v.getSerial() + " related " + v.getRelatedSerial())
        .containsExactlyInAnyOrder("SN-B10 related SN-A10", "SN-A10 related SN-B10");
  }

  @Test
  @StateMachineRow("C03")
  void aSubAssemblyStillInWorkIsRefusedAtTheScan() {
    // 1. SUB-1 is a unit of this system, started and in work.
    gate.sendAll(new UnitScenario("SUB-1").start().decided);
    UnitScenario top = unitWithS10Open("SN-TOP", TestEvents.PLANT);
    gate.violations.readValuesToList();

    // 2. It is scanned as the housing of SN-TOP.
    GateDecision refused = install(top, "SUB-1");

    // 3. Refused; raised on the installing unit only; nobody holds SUB-1.
    decidedAsTheTableSays("C03", refused);
    assertThat(refused.getMessages())
        .singleElement()
        .satisfies(m -> assertThat(m).contains("IN_WORK"));
    assertThat(gate.violations.readRecordsToList())
        .extracting(r -> r.key() + " " + r.value().getCode() + " " + r.value().getComponentSerial())
        .containsExactly("SN-TOP COMPONENT_NOT_RELEASED SUB-1");
    assertThat(holders("SUB-1")).isEmpty();
  }

  @Test
  @StateMachineRow("C04")
  void aCompletedSubAssemblyIsInstalled() {
    gate.sendAll(new UnitScenario("SUB-2").through("S60").decided);
    UnitScenario top = unitWithS10Open("SN-TOP2", TestEvents.PLANT);
    gate.violations.readValuesToList();

    decidedAsTheTableSays("C04", install(top, "SUB-2"));

    assertThat(gate.violations.isEmpty()).isTrue();
    assertThat(holders("SUB-2")).containsExactly("SN-TOP2");
  }

  @Test
  @StateMachineRow("C11")
  void aComponentRemovedFromItsUnitIsInstalledInAUnitOfAnotherPlant() {
    UnitScenario a = unitWithS10Open("SN-A11", "P2");
    install(a, "H-11");
    assertThat(decisionOf(a.now(removeSerial("H-11"))).getDecision().name()).isEqualTo("ACCEPTED");
    UnitScenario b = unitWithS10Open("SN-B11", "P4");
    gate.violations.readValuesToList();

    decidedAsTheTableSays("C11", install(b, "H-11"));

    assertThat(gate.violations.isEmpty()).isTrue();
    assertThat(holders("H-11")).containsExactly("SN-B11");
    assertThat(gate.genealogy.readValuesToList())
        .filteredOn(e -> "H-11".equals(e.getChildSerial()))
        .extracting(e -> e.getParentSerial() + " " + e.getEdgeType())
        .containsExactly("SN-A11 INSTALLED", "SN-A11 REMOVED", "SN-B11 INSTALLED");
  }

  @Test
  @StateMachineRow("C12")
  void anInstallationDeliveredAgainAndItsClaimAgainChangeNothing() {
    // 1. B installs H-12 by event E.
    UnitScenario b = unitWithS10Open("SN-B12", TestEvents.PLANT);
    ProductionEvent e = b.now(scanSerial("S10", "HOUSING", "H-12"));
    GateDecision first = decisionOf(e);
    decidedAsTheTableSays("C12", first);
    var held = gate.units().get("SN-B12");
    var component = gate.components().get("H-12");

    // 2. E is delivered again: the first decision, repeated.
    GateDecision again = decisionOf(e);
    assertThat(again.getRedelivered()).isTrue();
    assertThat(GateDecision.newBuilder(again).setRedelivered(false).build()).isEqualTo(first);

    // 3. Its claim arrives again on the component side (an upstream replay): granted again, and the
    //    unit, which holds the component by E, changes nothing and withdraws nothing.
    gate.records.readValuesToList();
    gate.componentFacts.pipeInput(
        "H-12",
        new ComponentFact.ClaimRequested(
            "H-12", "SN-B12", TestEvents.PLANT, e.getStation(), e.getEventId()),
        e.getReceivedTime());
    assertThat(gate.decisions.isEmpty()).isTrue();
    assertThat(gate.records.readValuesToList()).isEmpty();
    assertThat(gate.units().get("SN-B12")).isEqualTo(held);
    assertThat(gate.components().get("H-12")).isEqualTo(component);
  }
}
