package io.serialtrace.gate.it;

import static io.serialtrace.gate.rules.TestEvents.disposition;
import static io.serialtrace.gate.rules.TestEvents.measureByDevice;
import static io.serialtrace.gate.rules.TestEvents.scanLot;
import static io.serialtrace.gate.rules.TestEvents.scanSerial;
import static io.serialtrace.gate.rules.TestEvents.stepCompleted;
import static io.serialtrace.gate.rules.TestEvents.stepStarted;

import io.serialtrace.gate.rules.UnitScenario;
import io.serialtrace.gate.rules.Verdict;
import io.serialtrace.schemas.DispositionDecision;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.UnitCompleted;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted production run and what the gate must output for it, computed by the plain model: the
 * pure {@link io.serialtrace.gate.rules.GateRules} applied to the same events (through {@link
 * UnitScenario}). Units cycle through eight kinds: clean, missing capture, tolerance breach then
 * re-measure and disposition, late entry (ends on HOLD), wrong component, out of order, duplicates
 * redelivered, clean.
 *
 * <p>Event times start a day after the run so no deadline falls due on the wall clock while the
 * test runs: the gate's punctuator then raises nothing the model does not know about.
 */
final class GateScript {

  /** Events to produce, in order (redeliveries included, after their units). */
  final List<ProductionEvent> events = new ArrayList<>();

  /** Decision per {@code eventId/redelivered}: outcome and reasons. */
  final Map<String, String> decisions = new LinkedHashMap<>();

  /** Record per eventId: seq and recordHash. */
  final Map<String, String> records = new LinkedHashMap<>();

  /** Violation per {@code violationId/status}: code and serial. */
  final Map<String, String> violations = new LinkedHashMap<>();

  /** Completion per serial: status and record head. */
  final Map<String, String> completions = new LinkedHashMap<>();

  private final List<ProductionEvent> redeliveries = new ArrayList<>();

  static GateScript of(String serialPrefix, int units, Instant wallClockNow) {
    GateScript script = new GateScript();
    Instant base = wallClockNow.plus(Duration.ofDays(1));
    for (int i = 0; i < units; i++) {
      script.unit(serialPrefix + "-" + i, i % 8, base);
    }
    for (ProductionEvent again : script.redeliveries) {
      script.events.add(again);
      String first = script.decisions.get(again.getEventId() + "/false");
      script.decisions.put(again.getEventId() + "/true", first);
    }
    return script;
  }

  private void unit(String serial, int kind, Instant base) {
    UnitScenario s = new UnitScenario(serial);
    s.clock = base;
    switch (kind) {
      case 1 -> {
        // missing capture: completion of S10 before any scan
        s.openStep("S10");
        s.apply(s.now(stepCompleted("S10")));
        s.fulfil("S10");
        s.accept(stepCompleted("S10"));
        rest(s, "S20");
      }
      case 2 -> {
        // tolerance breach: refused completion, re-measure, complete; HOLD; disposition releases
        s.through("S10");
        s.accept(stepStarted("S20"));
        s.accept(measureByDevice("S20", "torque-M4", 2.5, "Nm", s.calibrated()));
        s.apply(s.now(stepCompleted("S20")));
        s.accept(measureByDevice("S20", "torque-M4", 2.0, "Nm", s.calibrated()));
        s.accept(stepCompleted("S20"));
        rest(s, "S30");
        s.accept(
            disposition(
                s.unit().openViolations().get(0).violationId(),
                DispositionDecision.USE_AS_IS,
                s.unit().headHash()));
      }
      case 3 -> {
        // late entry: the housing scan typed in 2 min after the fact; the unit ends on HOLD
        s.openStep("S10");
        s.apply(
            s.events.event(
                s.clock,
                s.clock.plus(Duration.ofMinutes(2)),
                scanSerial("S10", "HOUSING", s.componentSerial("HOUSING"))));
        s.advance(Duration.ofMinutes(1));
        s.accept(scanLot("S10", "SCREW", "LOT-SCREW", 4));
        s.accept(stepCompleted("S10"));
        rest(s, "S20");
      }
      case 4 -> {
        // wrong component: a part S10 does not require
        s.openStep("S10");
        s.apply(s.now(scanSerial("S10", "GASKET", "G-" + serial)));
        s.fulfil("S10");
        s.accept(stepCompleted("S10"));
        rest(s, "S20");
      }
      case 5 -> {
        // out of order: S20 before S10
        s.start();
        s.apply(s.now(stepStarted("S20")));
        s.through("S60");
      }
      case 6 -> {
        // duplicates: three events delivered twice
        s.through("S60");
        redeliveries.add(s.decided.get(1));
        redeliveries.add(s.decided.get(5));
        redeliveries.add(s.decided.get(s.decided.size() - 1));
      }
      default -> s.through("S60");
    }
    events.addAll(s.decided);
    for (int i = 0; i < s.decided.size(); i++) {
      expect(s.decided.get(i), s.verdicts.get(i));
    }
  }

  private static void rest(UnitScenario s, String fromStep) {
    boolean on = false;
    for (String step : List.of("S10", "S20", "S30", "S40", "S50", "S60")) {
      on |= step.equals(fromStep);
      if (on) {
        s.doStep(step);
      }
    }
  }

  private void expect(ProductionEvent event, Verdict verdict) {
    decisions.put(event.getEventId() + "/false", decision(verdict.decision()));
    verdict.violations().forEach(v -> violations.put(violationKey(v), violation(v)));
    if (verdict instanceof Verdict.Accepted accepted) {
      records.put(event.getEventId().toString(), record(accepted.record()));
      accepted.completed().ifPresent(c -> completions.put(c.getSerial(), completion(c)));
    }
  }

  static String decision(GateDecision d) {
    return d.getDecision() + " " + d.getReasons();
  }

  static String decisionKey(GateDecision d) {
    return d.getEventId() + "/" + d.getRedelivered();
  }

  static String record(UnitRecord r) {
    return r.getSerial() + " #" + r.getSeq() + " " + r.getRecordHash();
  }

  static String violationKey(Violation v) {
    return v.getViolationId() + "/" + v.getStatus();
  }

  static String violation(Violation v) {
    return v.getSerial() + " " + v.getCode();
  }

  static String completion(UnitCompleted c) {
    return c.getStatus() + " " + c.getRecordHead() + " #" + c.getRecordCount();
  }
}
