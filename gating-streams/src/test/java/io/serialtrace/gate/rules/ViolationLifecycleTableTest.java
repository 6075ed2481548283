package io.serialtrace.gate.rules;

import static io.serialtrace.gate.rules.TestEvents.acknowledgement;
import static io.serialtrace.gate.rules.TestEvents.disposition;
import static io.serialtrace.gate.rules.TestEvents.scanSerial;
import static io.serialtrace.gate.rules.TestEvents.scrapped;
import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.ViolationLifecycleTable.Row;
import io.serialtrace.schemas.ClaimOutcome;
import io.serialtrace.schemas.ComponentClaimAnswer;
import io.serialtrace.schemas.ComponentHolder;
import io.serialtrace.schemas.DispositionDecision;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.ViolationStatus;
import io.serialtrace.schemas.violation.ViolationLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Executes the violation lifecycle table of docs/STATE_MACHINE.md: every code has one row, each
 * row's kind and ends are the shared rule's ({@link ViolationLifecycle}), and the gate raises the
 * code as its kind says and ends it exactly in the row's ways — tried by every way there is to end
 * a violation, from the state the row's witness arranges.
 */
class ViolationLifecycleTableTest {

  /** Gate time far enough after any arrangement for a notice's retention to have passed. */
  private static final Duration PAST_RETENTION = Duration.ofDays(365);

  static Stream<Row> rows() {
    return ViolationLifecycleTable.rows().stream();
  }

  @Test
  void everyCodeHasExactlyOneRowAndEveryRowNamesACode() {
    List<String> written = ViolationLifecycleTable.rows().stream().map(Row::code).toList();

    assertThat(written)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(ViolationCode.values()).map(Enum::name).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theGateRaisesAndEndsEachCodeAsItsRowSays(Row row) {
    // 1. The row is the shared rule.
    ViolationCode code = ViolationCode.valueOf(row.code());
    assertThat(ViolationLifecycle.kind(code)).isEqualTo(row.kind());
    assertThat(ViolationLifecycle.ends(row.kind())).isEqualTo(row.ends());

    // 2. The witness raises the code, as its kind says.
    UnitScenario s = new UnitScenario("SN-L-" + code.name().toLowerCase().replace('_', '-'));
    Optional<Violation> raised = raiseByWitness(s, row.witness(), code);
    switch (row.kind()) {
      case HOLDING -> {
        Violation v = raised.orElseThrow(() -> new AssertionError(code + " was not raised"));
        assertThat(s.unit().openViolations())
            .extracting(UnitState.OpenViolation::violationId)
            .contains(v.getViolationId());
        assertThat(s.notices).doesNotContainKey(v.getViolationId());
      }
      case NOTICE -> {
        Violation v = raised.orElseThrow(() -> new AssertionError(code + " was not raised"));
        assertThat(s.state.stream().flatMap(u -> u.openViolations().stream()))
            .extracting(UnitState.OpenViolation::violationId)
            .doesNotContain(v.getViolationId());
        assertThat(s.notices.get(v.getViolationId()).getStatus()).isEqualTo(ViolationStatus.OPEN);
      }
      case ANSWERED -> assertThat(raised).isEmpty();
    }

    // 3. Every way of ending a violation, each from the witness's state: the ends reached are the
    // row's, and nothing else ends it.
    Set<ViolationStatus> reached = EnumSet.noneOf(ViolationStatus.class);
    raised.ifPresent(v -> reached.addAll(endsReached(s, v)));
    assertThat(reached).isEqualTo(row.ends());
  }

  /** Arranges the witness and decides it; the violation of {@code code} it emitted, if any. */
  private static Optional<Violation> raiseByWitness(
      UnitScenario s, String witness, ViolationCode code) {
    if (witness.startsWith("C")) {
      return refusedByTheComponentSide(s, witness, code);
    }
    StateMachineTable.Row written = StateMachineTable.rows().get(witness);
    assertThat(written).as("witness row %s", witness).isNotNull();
    assertThat(written.reasons()).as("reasons of witness %s", witness).contains(code);
    List<Violation> emitted =
        switch (StateMachineCases.CASES.get(witness).arrange().apply(s)) {
          case StateMachineCases.Probe.Clock clock -> {
            ClockResult result = s.rules.onClock(s.unit(), clock.at());
            s.state = Optional.of(result.next());
            yield result.violations();
          }
          case StateMachineCases.Probe.Event e ->
              s.apply(e.event(), e.route().orElse(s.route)).violations();
        };
    return emitted.stream()
        .filter(v -> v.getCode() == code && v.getStatus() == ViolationStatus.OPEN)
        .findFirst();
  }

  /**
   * C02 / C03 / C13: an installation of a serial waits for its claim, and the component side
   * refuses it (another plant's unit holds it; it is an unreleased unit of this system) or never
   * answers.
   */
  private static Optional<Violation> refusedByTheComponentSide(
      UnitScenario s, String witness, ViolationCode code) {
    s.openStep("S10");
    ClaimWaitRules claims = new ClaimWaitRules(s.rules, Duration.ofMinutes(5));
    ProductionEvent install = s.now(scanSerial("S10", "HOUSING", "H-77"));
    ClaimWaitRules.Admitted waiting =
        claims.admit(
            s.state,
            install,
            Optional.empty(),
            install.getReceivedTime(),
            s.clock,
            ClaimWaitRules.Memory.none());
    ComponentClaimAnswer.Builder answer =
        ComponentClaimAnswer.newBuilder()
            .setUnitSerial(s.events.serial())
            .setComponentSerial("H-77")
            .setEventId(install.getEventId())
            .setOutcome(ClaimOutcome.REFUSED)
            .setAnsweredAt(s.clock);
    Instant unanswered = s.clock.plus(Duration.ofHours(1));
    ClaimWaitRules.Admitted refused =
        switch (witness) {
          case "C02" ->
              claims.answered(
                  waiting.next(),
                  answer.setHolders(List.of(new ComponentHolder("SN-HOLDER", "PLANT-2"))).build(),
                  s.clock,
                  ClaimWaitRules.Memory.none());
          case "C03" ->
              claims.answered(
                  waiting.next(),
                  answer.setUnreleasedStatus(UnitStatus.IN_WORK.name()).build(),
                  s.clock,
                  ClaimWaitRules.Memory.none());
          case "C13" ->
              claims.timedOut(
                  waiting.next().orElseThrow(), unanswered, s.clock, ClaimWaitRules.Memory.none());
          default -> throw new AssertionError("no witness " + witness + " for " + code);
        };
    assertThat(refused.answers()).as("decisions of witness %s", witness).hasSize(1);
    s.state = refused.next();
    List<Violation> emitted = new ArrayList<>();
    for (ClaimWaitRules.Answer a : refused.answers()) {
      Verdict v = ((ClaimWaitRules.Decided) a).verdict();
      assertThat(v.decision().getReasons()).as("reasons of witness %s", witness).contains(code);
      v.notices().forEach(n -> s.notices.put(n.getViolationId(), n));
      emitted.addAll(v.violations());
    }
    return emitted.stream().filter(v -> v.getCode() == code).findFirst();
  }

  /** Tries a Disposition, a scrap, an Acknowledgement and the expiry, each from the same state. */
  private static Set<ViolationStatus> endsReached(UnitScenario s, Violation v) {
    UUID id = v.getViolationId();
    List<Function<UnitScenario, List<Violation>>> ways =
        List.of(
            x -> emitted(x, disposition(id, DispositionDecision.USE_AS_IS, head(x))),
            x -> emitted(x, scrapped()),
            x -> emitted(x, acknowledgement(id)),
            x ->
                Optional.ofNullable(x.notices.get(id))
                    .flatMap(n -> x.rules.expire(n, x.clock.plus(PAST_RETENTION)))
                    .stream()
                    .toList());
    Set<ViolationStatus> reached = EnumSet.noneOf(ViolationStatus.class);
    Optional<UnitState> state = s.state;
    Map<UUID, Violation> notices = new HashMap<>(s.notices);
    for (Function<UnitScenario, List<Violation>> way : ways) {
      way.apply(s).stream()
          .filter(x -> x.getViolationId().equals(id))
          .map(Violation::getStatus)
          .filter(status -> !ViolationLifecycle.isOpen(status))
          .forEach(reached::add);
      s.state = state;
      s.notices.clear();
      s.notices.putAll(notices);
    }
    return reached;
  }

  private static List<Violation> emitted(UnitScenario s, Object payload) {
    ProductionEvent event = s.now(payload);
    return s.apply(event).violations();
  }

  private static String head(UnitScenario s) {
    return s.state.map(UnitState::headHash).orElse("");
  }
}
