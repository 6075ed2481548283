package io.serialtrace.gate.rules;

import static io.serialtrace.gate.rules.TestEvents.acknowledgement;
import static io.serialtrace.gate.rules.TestEvents.correction;
import static io.serialtrace.gate.rules.TestEvents.disposition;
import static io.serialtrace.gate.rules.TestEvents.measureByDevice;
import static io.serialtrace.gate.rules.TestEvents.measureTyped;
import static io.serialtrace.gate.rules.TestEvents.removeSerial;
import static io.serialtrace.gate.rules.TestEvents.scanLot;
import static io.serialtrace.gate.rules.TestEvents.scanSerial;
import static io.serialtrace.gate.rules.TestEvents.scrapped;
import static io.serialtrace.gate.rules.TestEvents.sign;
import static io.serialtrace.gate.rules.TestEvents.started;
import static io.serialtrace.gate.rules.TestEvents.stepCompleted;
import static io.serialtrace.gate.rules.TestEvents.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.schemas.CompletionStatus;
import io.serialtrace.schemas.ComponentScanned;
import io.serialtrace.schemas.DispositionDecision;
import io.serialtrace.schemas.EdgeType;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.ViolationStatus;
import io.serialtrace.schemas.record.RecordHasher;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The arrangement of every row of the rule table in docs/STATE_MACHINE.md: the unit state reached
 * through real decisions, and the input. Shared by the rule tests and the topology tests.
 */
public final class StateMachineCases {

  private StateMachineCases() {}

  /** What a row feeds the rules. */
  public sealed interface Probe {
    record Event(ProductionEvent event, Optional<Route> route) implements Probe {}

    record Clock(Instant at) implements Probe {}
  }

  /** The arrangement of a row, plus what its accepted output must also contain. */
  public record Case(Function<UnitScenario, Probe> arrange, Check extra) {}

  @FunctionalInterface
  public interface Check {
    void verify(UnitScenario scenario, Verdict verdict);
  }

  private static final Check NONE = (s, v) -> {};
  public static final Map<String, Case> CASES = new LinkedHashMap<>();

  private static void row(String id, Function<UnitScenario, Probe> arrange) {
    CASES.put(id, new Case(arrange, NONE));
  }

  private static void row(String id, Function<UnitScenario, Probe> arrange, Check extra) {
    CASES.put(id, new Case(arrange, extra));
  }

  private static Probe event(ProductionEvent e) {
    return new Probe.Event(e, Optional.empty());
  }

  private static Probe now(UnitScenario s, Object payload) {
    return event(s.now(payload));
  }

  private static Instant openStepStart(UnitScenario s) {
    return s.unit().openStep().orElseThrow().startedAt();
  }

  private static Instant lastCompletion(UnitScenario s) {
    List<UnitState.CompletedStep> done = s.unit().completedSteps();
    return done.get(done.size() - 1).completedAt();
  }

  /** S60 open, PERFORMED signed late (LATE_ENTRY open), APPROVED signed: ready to complete. */
  private static UnitScenario readyToCompleteWithLateEntry(UnitScenario s) {
    s.openStep("S60");
    Verdict late =
        s.apply(
            s.events.event(
                s.clock,
                s.clock.plus(Duration.ofMinutes(2)),
                sign("S60", "PERFORMED", "OPERATOR", s.unit().headHash())));
    assertThat(late).isInstanceOf(Verdict.Accepted.class);
    s.advance(Duration.ofMinutes(3));
    s.accept(sign("S60", "APPROVED", "QUALITY_INSPECTOR", s.unit().headHash()));
    return s;
  }

  public static UnitScenario onHold(UnitScenario s) {
    readyToCompleteWithLateEntry(s).accept(stepCompleted("S60"));
    assertThat(s.unit().status()).isEqualTo(UnitStatus.HOLD);
    return s;
  }

  private static UUID breach(UnitScenario s) {
    Verdict.Accepted a = s.accept(measureByDevice("S20", "torque-M4", 2.5, "Nm", s.calibrated()));
    return a.violations().get(0).getViolationId();
  }

  /** A late (2 min) event: accepted, LATE_ENTRY (and whatever else it raises) open. */
  private static Verdict.Accepted acceptLate(UnitScenario s, Object payload) {
    Verdict v = s.apply(s.events.event(s.clock, s.clock.plus(Duration.ofMinutes(2)), payload));
    assertThat(v).isInstanceOf(Verdict.Accepted.class);
    s.advance(Duration.ofMinutes(3));
    return (Verdict.Accepted) v;
  }

  /** An event refused with a notice of {@code code}; returns the notice's id. */
  public static UUID refusedWithNotice(UnitScenario s, Object payload, ViolationCode code) {
    Verdict v = s.apply(s.now(payload));
    assertThat(v).isInstanceOf(Verdict.Rejected.class);
    return v.violations().stream()
        .filter(x -> x.getCode() == code)
        .findFirst()
        .orElseThrow(() -> new AssertionError(code + " not raised by " + payload))
        .getViolationId();
  }

  /** A started unit whose serial was started again: one DUPLICATE_SERIAL notice open. */
  private static UUID reissuedSerial(UnitScenario s) {
    return refusedWithNotice(
        s.start(), started(TestRoutes.PRODUCT), ViolationCode.DUPLICATE_SERIAL);
  }

  /** S60 open and fulfilled, and a refused StepStarted S10: a STEP_OUT_OF_ORDER notice open. */
  private static UUID readyToCompleteWithNotice(UnitScenario s) {
    return refusedWithNotice(
        s.openStep("S60").fulfil("S60"), stepStarted("S10"), ViolationCode.STEP_OUT_OF_ORDER);
  }

  private static Check ended(ViolationCode code, ViolationStatus status) {
    return (s, v) ->
        assertThat(v.violations())
            .filteredOn(x -> x.getCode() == code)
            .singleElement()
            .satisfies(x -> assertThat(x.getStatus()).isEqualTo(status));
  }

  private static Check refusedSaying(String text) {
    return (s, v) -> assertThat(String.join(" ", v.decision().getMessages())).contains(text);
  }

  private static Check completedAs(CompletionStatus status) {
    return (s, v) ->
        assertThat(((Verdict.Accepted) v).completed())
            .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo(status));
  }

  static {
    row("R01", s -> now(s, started(TestRoutes.PRODUCT)));
    row(
        "R02",
        s ->
            new Probe.Event(
                s.now(started(TestRoutes.PRODUCT)), Optional.of(TestRoutes.draftRoute())));
    row("R03", s -> now(s.start(), started(TestRoutes.PRODUCT)));
    row(
        "R04",
        s -> {
          s.through("S60");
          s.state = Optional.of(s.unit().compacted());
          return now(s, started(TestRoutes.PRODUCT));
        });
    row("R05", s -> now(s, stepStarted("S10")));
    row("R06", s -> now(s.start(), stepStarted("S10")));
    row("R07", s -> now(s.start(), stepStarted("S20")));
    row("R08", s -> now(s.openStep("S10"), stepStarted("S20")));
    row("R09", s -> now(s.through("S30").advance(Duration.ofMinutes(9)), stepStarted("S40")));
    row("R10", s -> now(s.through("S30").advance(Duration.ofMinutes(61)), stepStarted("S40")));
    row("R11", s -> now(s.openStep("S10"), stepCompleted("S20")));
    row(
        "R12",
        s -> now(s.openStep("S10"), scanSerial("S10", "HOUSING", "H-1")),
        (s, v) ->
            assertThat(((Verdict.Accepted) v).edges())
                .singleElement()
                .satisfies(
                    e -> {
                      assertThat(e.getEdgeType()).isEqualTo(EdgeType.INSTALLED);
                      assertThat(e.getChildSerial()).isEqualTo("H-1");
                      assertThat(e.getStepId()).isEqualTo("S10");
                    }));
    row("R13", s -> now(s.openStep("S10"), scanSerial("S10", "VALVE", "V-1")));
    row("R14", s -> now(s.openStep("S10"), scanSerial("S10", "SCREW", "SC-1")));
    row(
        "R15",
        s -> {
          s.openStep("S10").accept(scanLot("S10", "SCREW", "LOT-A", 4));
          return now(s, scanLot("S10", "SCREW", "LOT-A", 1));
        });
    row("R16", s -> now(s.openStep("S10"), new ComponentScanned("S10", "HOUSING", null, null, 1)));
    row("R17", s -> now(s.openStep("S10"), stepCompleted("S10")));
    row("R18", s -> now(s.openStep("S10").fulfil("S10"), stepCompleted("S10")));
    row(
        "R19",
        s ->
            now(s.openStep("S20"), measureByDevice("S20", "torque-M4", 2.0, "Nm", s.calibrated())));
    row(
        "R20",
        s -> now(s.openStep("S20"), measureByDevice("S20", "torque-M4", 2.5, "Nm", s.calibrated())),
        (s, v) ->
            assertThat(v.violations())
                .singleElement()
                .satisfies(
                    x -> {
                      assertThat(x.getMeasuredValue()).isEqualTo(2.5);
                      assertThat(x.getUsl()).isEqualTo(2.2);
                      assertThat(x.getCharacteristic()).isEqualTo("torque-M4");
                    }));
    row(
        "R21",
        s -> {
          s.openStep("S20");
          breach(s);
          return now(s, stepCompleted("S20"));
        });
    row(
        "R22",
        s -> {
          s.openStep("S20");
          breach(s);
          s.accept(measureByDevice("S20", "torque-M4", 2.0, "Nm", s.calibrated()));
          return now(s, stepCompleted("S20"));
        });
    row(
        "R23",
        s -> {
          s.openStep("S20");
          UUID id = breach(s);
          s.accept(disposition(id, DispositionDecision.USE_AS_IS, s.unit().headHash()));
          return now(s, stepCompleted("S20"));
        });
    row("R24", s -> now(s.openStep("S20"), measureTyped("S20", "torque-M4", 2.0, "Nm")));
    row(
        "R25",
        s ->
            now(
                s.openStep("S20"),
                measureByDevice("S20", "torque-M4", 2.0, "Nm", s.clock.minus(Duration.ofDays(1)))));
    row("R26", s -> now(s.openStep("S30"), measureTyped("S30", "gap", 0.2, "mm")));
    row(
        "R27",
        s -> {
          s.openStep("S60");
          return now(s, sign("S60", "PERFORMED", "OPERATOR", s.unit().headHash()));
        });
    row(
        "R28",
        s -> {
          s.openStep("S60");
          return now(s, sign("S60", "APPROVED", "OPERATOR", s.unit().headHash()));
        });
    row(
        "R29",
        s -> {
          s.openStep("S60");
          return now(s, sign("S60", "REVIEWED", "OPERATOR", s.unit().headHash()));
        });
    row(
        "R30",
        s -> {
          s.openStep("S60");
          String seen = s.unit().headHash();
          s.accept(sign("S60", "PERFORMED", "OPERATOR", seen));
          return now(s, sign("S60", "APPROVED", "QUALITY_INSPECTOR", seen));
        });
    row(
        "R31",
        s -> {
          s.openStep("S60").accept(sign("S60", "PERFORMED", "OPERATOR", s.unit().headHash()));
          return now(s, stepCompleted("S60"));
        });
    row(
        "R32",
        s ->
            event(
                s.openStep("S10")
                    .events
                    .event(
                        s.clock,
                        s.clock.plus(Duration.ofMinutes(2)),
                        scanSerial("S10", "HOUSING", "H-1"))));
    row(
        "R33",
        s ->
            event(
                s.openStep("S10")
                    .events
                    .event(
                        s.clock,
                        s.clock.plus(Duration.ofSeconds(30)),
                        scanSerial("S10", "HOUSING", "H-1"))));
    row(
        "R34",
        s ->
            event(
                s.openStep("S10")
                    .events
                    .event(
                        s.clock.plus(Duration.ofMinutes(1)),
                        s.clock,
                        scanSerial("S10", "HOUSING", "H-1"))));
    row(
        "R35",
        s ->
            event(
                s.openStep("S10")
                    .events
                    .event(
                        s.clock.plus(Duration.ofSeconds(2)),
                        s.clock,
                        scanSerial("S10", "HOUSING", "H-1"))));
    row("R36", s -> new Probe.Clock(openStepStart(s.openStep("S10")).plus(Duration.ofMinutes(31))));
    row("R37", s -> new Probe.Clock(openStepStart(s.openStep("S10")).plus(Duration.ofMinutes(29))));
    row(
        "R38",
        s -> {
          Instant start = openStepStart(s.openStep("S10"));
          ClockResult first = s.rules.onClock(s.unit(), start.plus(Duration.ofMinutes(31)));
          assertThat(first.violations()).hasSize(1);
          s.state = Optional.of(first.next());
          return new Probe.Clock(start.plus(Duration.ofMinutes(60)));
        });
    row("R39", s -> new Probe.Clock(lastCompletion(s.through("S40")).plus(Duration.ofMinutes(31))));
    row(
        "R40",
        s -> {
          Instant done = lastCompletion(s.through("S40"));
          s.advance(Duration.ofMinutes(9)).accept(stepStarted("S50"));
          return new Probe.Clock(done.plus(Duration.ofMinutes(31)));
        });
    row(
        "R41",
        s -> {
          Instant start = openStepStart(s.openStep("S10").fulfil("S10"));
          s.clock = start.plus(Duration.ofMinutes(31));
          return now(s, stepCompleted("S10"));
        });
    row(
        "R42",
        s -> now(s.openStep("S60").fulfil("S60"), stepCompleted("S60")),
        completedAs(CompletionStatus.COMPLETED));
    row("R43", s -> now(readyToCompleteWithLateEntry(s), stepCompleted("S60")));
    row(
        "R44",
        s -> {
          UUID open = onHold(s).unit().openViolations().get(0).violationId();
          return now(s, disposition(open, DispositionDecision.USE_AS_IS, s.unit().headHash()));
        },
        (s, v) -> {
          completedAs(CompletionStatus.RELEASED_AFTER_DISPOSITION).verify(s, v);
          assertThat(v.violations())
              .singleElement()
              .satisfies(
                  x -> {
                    assertThat(x.getStatus()).isEqualTo(ViolationStatus.DISPOSITIONED);
                    assertThat(x.getDisposition().getDecision())
                        .isEqualTo(DispositionDecision.USE_AS_IS);
                  });
        });
    row(
        "R45",
        s ->
            now(
                onHold(s),
                disposition(
                    UUID.randomUUID(), DispositionDecision.USE_AS_IS, s.unit().headHash())));
    row(
        "R46",
        s -> {
          UUID open = onHold(s).unit().openViolations().get(0).violationId();
          return now(s, disposition(open, DispositionDecision.USE_AS_IS, RecordHasher.GENESIS));
        });
    row(
        "R47",
        s -> {
          UUID id = breach(s.openStep("S20"));
          return now(s, disposition(id, DispositionDecision.SCRAP, s.unit().headHash()));
        },
        completedAs(CompletionStatus.SCRAPPED));
    row("R48", s -> now(s.through("S60"), stepStarted("S10")));
    row(
        "R49",
        s -> {
          s.start().accept(scrapped());
          return now(s, scanSerial("S10", "HOUSING", "H-1"));
        });
    row(
        "R50",
        s -> {
          s.through("S60");
          s.state = Optional.of(s.unit().compacted());
          return now(s, correction(s.verdicts.get(0).decision().getEventId()));
        });
    row(
        "R51",
        s -> now(s.start(), correction(s.verdicts.get(0).decision().getEventId())),
        (s, v) -> {
          Verdict.Accepted a = (Verdict.Accepted) v;
          Verdict.Accepted first = (Verdict.Accepted) s.verdicts.get(0);
          assertThat(a.record().getSeq()).isEqualTo(2);
          assertThat(a.record().getPrevHash()).isEqualTo(first.record().getRecordHash());
        });
    row("R52", s -> now(s.start(), correction(UUID.randomUUID())));
    row(
        "R53",
        s -> {
          s.openStep("S20");
          String housing =
              s.unit().installed().stream()
                  .filter(c -> c.part().equals("HOUSING"))
                  .findFirst()
                  .orElseThrow()
                  .componentSerial()
                  .orElseThrow();
          return now(s, removeSerial(housing));
        },
        (s, v) ->
            assertThat(((Verdict.Accepted) v).edges())
                .singleElement()
                .satisfies(
                    e -> {
                      assertThat(e.getEdgeType()).isEqualTo(EdgeType.REMOVED);
                      assertThat(e.getStepId()).isEqualTo("S10");
                      assertThat(e.getPart()).isEqualTo("HOUSING");
                    }));
    row("R54", s -> now(s.start(), removeSerial("NOPE-1")));
    row("R55", s -> now(s.start(), scrapped()), completedAs(CompletionStatus.SCRAPPED));
    row(
        "R56",
        s -> {
          acceptLate(s.openStep("S10"), scanSerial("S10", "HOUSING", "H-1"));
          return now(s, scrapped());
        },
        (s, v) -> {
          completedAs(CompletionStatus.SCRAPPED).verify(s, v);
          ended(ViolationCode.LATE_ENTRY, ViolationStatus.CLOSED_WITH_UNIT).verify(s, v);
          assertThat(((Verdict.Accepted) v).next().openViolations()).isEmpty();
        });
    row(
        "R57",
        s -> {
          readyToCompleteWithNotice(s);
          return now(s, stepCompleted("S60"));
        },
        (s, v) -> {
          completedAs(CompletionStatus.COMPLETED).verify(s, v);
          assertThat(s.notices.values())
              .singleElement()
              .satisfies(n -> assertThat(n.getStatus()).isEqualTo(ViolationStatus.OPEN));
        });
    row(
        "R58",
        s -> {
          Verdict.Accepted late =
              acceptLate(
                  s.openStep("S20"),
                  measureByDevice("S20", "torque-M4", 2.5, "Nm", s.calibrated()));
          UUID breach =
              late.violations().stream()
                  .filter(x -> x.getCode() == ViolationCode.TOLERANCE_BREACH)
                  .findFirst()
                  .orElseThrow()
                  .getViolationId();
          return now(s, disposition(breach, DispositionDecision.SCRAP, s.unit().headHash()));
        },
        (s, v) -> {
          completedAs(CompletionStatus.SCRAPPED).verify(s, v);
          ended(ViolationCode.TOLERANCE_BREACH, ViolationStatus.DISPOSITIONED).verify(s, v);
          ended(ViolationCode.LATE_ENTRY, ViolationStatus.CLOSED_WITH_UNIT).verify(s, v);
        });
    row(
        "R59",
        s -> {
          UUID notice = reissuedSerial(s);
          return now(s, disposition(notice, DispositionDecision.USE_AS_IS, s.unit().headHash()));
        },
        refusedSaying("is a refusal notice"));
    row(
        "R60",
        s -> now(s, acknowledgement(reissuedSerial(s))),
        (s, v) -> {
          Violation ended = ((Verdict.Acknowledged) v).acknowledged();
          assertThat(ended.getCode()).isEqualTo(ViolationCode.DUPLICATE_SERIAL);
          assertThat(ended.getEndedAt()).isNotNull();
          assertThat(ended.getAcknowledgement().getSignerName()).isEqualTo("Quinn Engineer");
          assertThat(ended.getAcknowledgement().getSignerRole()).isEqualTo("QUALITY_ENGINEER");
          assertThat(ended.getAcknowledgement().getMeaning()).isEqualTo("REVIEWED");
          assertThat(ended.getAcknowledgement().getEventId()).isEqualTo(v.decision().getEventId());
        });
    row(
        "R61",
        s -> {
          UUID notice = readyToCompleteWithNotice(s);
          s.accept(stepCompleted("S60"));
          return now(s, acknowledgement(notice));
        });
    row(
        "R62",
        s ->
            now(
                s,
                acknowledgement(
                    refusedWithNotice(s, stepStarted("S10"), ViolationCode.UNKNOWN_UNIT))));
    row(
        "R63",
        s -> {
          UUID notice = reissuedSerial(s);
          assertThat(s.apply(s.now(acknowledgement(notice))))
              .isInstanceOf(Verdict.Acknowledged.class);
          return now(s, acknowledgement(notice));
        },
        refusedSaying("already ended: ACKNOWLEDGED (REVIEWED) by Quinn Engineer"));
    row("R64", s -> now(s.start(), acknowledgement(UUID.randomUUID())));
    row(
        "R65",
        s -> now(s, acknowledgement(onHold(s).unit().openViolations().get(0).violationId())),
        refusedSaying("ends by a signed disposition"));
    row(
        "R66",
        s -> {
          UUID notice = reissuedSerial(s);
          return event(
              ProductionEvent.newBuilder(s.now(acknowledgement(notice)))
                  .setPlant("PLANT-2")
                  .build());
        },
        refusedSaying("is not a refusal notice of serial SN-R66 in plant PLANT-2"));
    row("R67", s -> now(s, acknowledgement(reissuedSerial(s), " ", "")));
  }
}
