package io.serialtrace.gate.topology;

import static io.serialtrace.gate.rules.TestEvents.acknowledgement;
import static io.serialtrace.gate.rules.TestEvents.started;
import static io.serialtrace.gate.rules.TestEvents.stepCompleted;
import static io.serialtrace.gate.rules.TestEvents.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.gate.rules.UnitScenario;
import io.serialtrace.gate.rules.UnitState;
import io.serialtrace.gate.rules.UnitStatus;
import io.serialtrace.schemas.CompletionStatus;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GateOutcome;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.ViolationStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused event's notice through the whole topology: remembered apart from the unit, ended by a
 * signed acknowledgement whatever the unit's status, never holding the unit, expired past the
 * notice retention (rows N01–N04 of STATE_MACHINE.md).
 */
class NoticeLifecycleTest {

  private static final Duration RETENTION = Duration.ofHours(1);

  @TempDir Path stateDir;

  private static GateDriver gate(Path stateDir) {
    TestSettings d = TestSettings.defaults();
    GateDriver gate =
        new GateDriver(
            stateDir,
            new TestSettings(
                d.dedupRetention(),
                d.closedUnitRetention(),
                RETENTION,
                d.punctuationInterval(),
                d.clockSkewTolerance(),
                d.registryUrl(),
                d.registryAutoRegister()));
    gate.route(TestRoutes.sixStepRoute());
    return gate;
  }

  /** Sends an event and returns its one decision. */
  private static GateDecision decide(GateDriver gate, ProductionEvent event) {
    gate.send(event);
    return gate.decisions.readValuesToList().getLast();
  }

  private static Violation only(GateDriver gate, ViolationCode code) {
    List<Violation> emitted = gate.violations.readValuesToList();
    assertThat(emitted).extracting(Violation::getCode).containsOnly(code);
    return emitted.getLast();
  }

  /** A StepStarted for a serial never started: refused, its UNKNOWN_UNIT notice. */
  private static Violation unknownUnitNotice(GateDriver gate, UnitScenario s) {
    decide(gate, s.now(stepStarted("S10")));
    return only(gate, ViolationCode.UNKNOWN_UNIT);
  }

  @Test
  void aRefusedEventsNoticeIsAcknowledgedAndEndsWithoutTouchingTheUnit() {
    try (GateDriver gate = gate(stateDir)) {
      // 1. A unit in work, and its serial started again: refused, a DUPLICATE_SERIAL notice (N01).
      UnitScenario s = new UnitScenario("SN-N1").start();
      gate.sendAll(s.decided);
      gate.decisions.readValuesToList();
      UnitState before = gate.units().get("SN-N1");
      assertThat(decide(gate, s.now(started(TestRoutes.PRODUCT))).getDecision())
          .isEqualTo(GateOutcome.REJECTED);
      Violation notice = only(gate, ViolationCode.DUPLICATE_SERIAL);
      assertThat(notice.getStatus()).isEqualTo(ViolationStatus.OPEN);
      assertThat(gate.units().get("SN-N1")).isEqualTo(before);
      assertThat(gate.notices().get(notice.getViolationId().toString())).isEqualTo(notice);

      // 2. Quality acknowledges it: accepted, nothing appended, the notice emitted ACKNOWLEDGED.
      gate.records.readValuesToList();
      GateDecision ack = decide(gate, s.now(acknowledgement(notice.getViolationId())));
      assertThat(ack.getDecision()).isEqualTo(GateOutcome.ACCEPTED);
      assertThat(ack.getRecordSeq()).isNull();
      assertThat(gate.records.isEmpty()).isTrue();
      Violation ended = only(gate, ViolationCode.DUPLICATE_SERIAL);
      assertThat(ended.getViolationId()).isEqualTo(notice.getViolationId());
      assertThat(ended.getDetectedAt()).isEqualTo(notice.getDetectedAt());
      assertThat(ended.getStatus()).isEqualTo(ViolationStatus.ACKNOWLEDGED);
      assertThat(ended.getAcknowledgement().getMeaning()).isEqualTo("REVIEWED");
      assertThat(gate.units().get("SN-N1")).isEqualTo(before);

      // 3. It has ended: a second acknowledgement is refused, naming who acknowledged it.
      GateDecision again = decide(gate, s.now(acknowledgement(notice.getViolationId())));
      assertThat(again.getReasons()).containsExactly(ViolationCode.UNKNOWN_VIOLATION);
      assertThat(again.getMessages().getFirst()).contains("ACKNOWLEDGED", "Quinn Engineer");
      assertThat(gate.violations.isEmpty()).isTrue();
    }
  }

  @Test
  void aUnitCompletesAlthoughANoticeIsOpenAndTheNoticeIsAcknowledgedAfterwards() {
    try (GateDriver gate = gate(stateDir)) {
      // 1. S60 open and fulfilled; a StepStarted out of order is refused: a notice (N01).
      UnitScenario s = new UnitScenario("SN-N4").openStep("S60").fulfil("S60");
      gate.sendAll(s.decided);
      gate.violations.readValuesToList();
      decide(gate, s.now(stepStarted("S10")));
      Violation notice = only(gate, ViolationCode.STEP_OUT_OF_ORDER);

      // 2. The last step completes: COMPLETED, not HOLD, and the completion says COMPLETED (N04).
      assertThat(decide(gate, s.now(stepCompleted("S60"))).getDecision())
          .isEqualTo(GateOutcome.ACCEPTED);
      assertThat(gate.units().get("SN-N4").status()).isEqualTo(UnitStatus.COMPLETED);
      assertThat(gate.completed.readValuesToList())
          .singleElement()
          .satisfies(c -> assertThat(c.getStatus()).isEqualTo(CompletionStatus.COMPLETED));
      assertThat(gate.violations.isEmpty()).isTrue();

      // 3. The closed unit's notice is still open and acknowledged; its record is not reopened.
      gate.records.readValuesToList();
      GateDecision ack = decide(gate, s.now(acknowledgement(notice.getViolationId())));
      assertThat(ack.getDecision()).isEqualTo(GateOutcome.ACCEPTED);
      assertThat(gate.records.isEmpty()).isTrue();
      assertThat(only(gate, ViolationCode.STEP_OUT_OF_ORDER).getStatus())
          .isEqualTo(ViolationStatus.ACKNOWLEDGED);
    }
  }

  @Test
  void aNoticeNobodyAcknowledgesExpiresAtItsRetentionAndIsForgotten() {
    try (GateDriver gate = gate(stateDir)) {
      // 1. A serial that never became a unit gets an UNKNOWN_UNIT notice.
      UnitScenario s = new UnitScenario("SN-N2");
      Violation notice = unknownUnitNotice(gate, s);

      // 2. Wall-clock time short of its retention: nothing; past it: EXPIRED, and forgotten (N02).
      gate.wallClockTo(notice.getDetectedAt().plus(RETENTION).minusSeconds(5));
      assertThat(gate.violations.isEmpty()).isTrue();
      gate.wallClockTo(notice.getDetectedAt().plus(RETENTION).plusSeconds(5));
      Violation expired = only(gate, ViolationCode.UNKNOWN_UNIT);
      assertThat(expired.getViolationId()).isEqualTo(notice.getViolationId());
      assertThat(expired.getStatus()).isEqualTo(ViolationStatus.EXPIRED);
      assertThat(expired.getEndedAt()).isNotNull();
      assertThat(gate.notices().approximateNumEntries()).isZero();

      // 3. An acknowledgement now finds nothing to end.
      GateDecision late = decide(gate, s.now(acknowledgement(notice.getViolationId())));
      assertThat(late.getReasons()).containsExactly(ViolationCode.UNKNOWN_VIOLATION);
    }
  }

  @Test
  void anAcknowledgedNoticeIsForgottenAtItsRetentionWithoutAnotherEnd() {
    try (GateDriver gate = gate(stateDir)) {
      // 1. A notice, acknowledged.
      UnitScenario s = new UnitScenario("SN-N3");
      Violation notice = unknownUnitNotice(gate, s);
      decide(gate, s.now(acknowledgement(notice.getViolationId())));
      assertThat(only(gate, ViolationCode.UNKNOWN_UNIT).getStatus())
          .isEqualTo(ViolationStatus.ACKNOWLEDGED);

      // 2. Past its retention it is forgotten and nothing more is emitted (N03).
      gate.wallClockTo(notice.getDetectedAt().plus(RETENTION).plusSeconds(5));
      assertThat(gate.violations.isEmpty()).isTrue();
      assertThat(gate.notices().get(notice.getViolationId().toString())).isNull();
    }
  }

  @Test
  void anotherPlantsAcknowledgementOfANoticeIsAnsweredAsUnknown() {
    try (GateDriver gate = gate(stateDir)) {
      UnitScenario s = new UnitScenario("SN-N5");
      UUID id = unknownUnitNotice(gate, s).getViolationId();

      GateDecision foreign =
          decide(
              gate,
              ProductionEvent.newBuilder(s.now(acknowledgement(id))).setPlant("PLANT-9").build());

      assertThat(foreign.getReasons()).containsExactly(ViolationCode.UNKNOWN_VIOLATION);
      assertThat(gate.notices().get(id.toString()).getStatus()).isEqualTo(ViolationStatus.OPEN);
    }
  }
}
