package io.serialtrace.gate.rules;

import static io.serialtrace.gate.rules.TestEvents.measureByDevice;
import static io.serialtrace.gate.rules.TestEvents.scanLot;
import static io.serialtrace.gate.rules.TestEvents.scanSerial;
import static io.serialtrace.gate.rules.TestEvents.sign;
import static io.serialtrace.gate.rules.TestEvents.started;
import static io.serialtrace.gate.rules.TestEvents.stepCompleted;
import static io.serialtrace.gate.rules.TestEvents.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.schemas.MeasurementRequirement;
import io.serialtrace.schemas.PartTracking;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.RouteStep;
import io.serialtrace.schemas.ScanRequirement;
import io.serialtrace.schemas.SignatureRequirement;
import io.serialtrace.schemas.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Drives one unit through {@link GateRules} to reach a state of the state-machine table, so the
 * arrangement of every case is made of real decisions rather than hand-built states.
 */
public final class UnitScenario {

  public static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  public static final Duration SKEW_TOLERANCE = Duration.ofSeconds(5);

  public final GateRules rules = new GateRules(SKEW_TOLERANCE);
  public final Route route;
  public final TestEvents events;
  public Optional<UnitState> state = Optional.empty();
  public Instant clock = T0;
  public final List<Verdict> verdicts = new ArrayList<>();

  /** The notices remembered so far by violationId, as the gate's notice store keeps them. */
  public final Map<UUID, Violation> notices = new HashMap<>();

  /** Every event decided so far, in order: what a topology test pipes to reach the same state. */
  public final List<ProductionEvent> decided = new ArrayList<>();

  private int componentCounter;

  public UnitScenario(String serial) {
    this(serial, TestRoutes.sixStepRoute());
  }

  public UnitScenario(String serial, Route route) {
    this(route, new TestEvents(serial));
  }

  /** A unit of another plant than {@link TestEvents#PLANT}: every event of it names that plant. */
  public static UnitScenario inPlant(String serial, String plant) {
    return new UnitScenario(TestRoutes.sixStepRoute(), new TestEvents(serial, plant));
  }

  private UnitScenario(Route route, TestEvents events) {
    this.route = route;
    this.events = events;
  }

  public UnitState unit() {
    return state.orElseThrow();
  }

  public UnitScenario advance(Duration d) {
    clock = clock.plus(d);
    return this;
  }

  /** An event that happens now (eventTime = clock) and is received 1 s later. */
  public ProductionEvent now(Object payload) {
    return events.event(clock, payload);
  }

  /** Decides an event with the gate time = its receivedTime, keeping the state if accepted. */
  public Verdict apply(ProductionEvent event) {
    return apply(event, route);
  }

  /** As {@link #apply(ProductionEvent)}, with {@code released} as the product's released route. */
  public Verdict apply(ProductionEvent event, Route released) {
    Verdict v =
        rules.decide(
            state, event, Optional.of(released), namedNotice(event), event.getReceivedTime());
    if (v instanceof Verdict.Accepted a) {
      state = Optional.of(a.next());
    }
    v.notices().forEach(n -> notices.put(n.getViolationId(), n));
    verdicts.add(v);
    decided.add(event);
    return v;
  }

  /** The notice the gate would look up for this event, as the processor does. */
  public Optional<Violation> namedNotice(ProductionEvent event) {
    return GateRules.namedViolation(event).map(notices::get);
  }

  public Verdict.Accepted accept(Object payload) {
    Verdict v = apply(now(payload));
    assertThat(v).as("arrangement step %s", payload).isInstanceOf(Verdict.Accepted.class);
    advance(Duration.ofMinutes(1));
    return (Verdict.Accepted) v;
  }

  public UnitScenario start() {
    accept(started(route.getProduct()));
    return this;
  }

  public RouteStep step(String stepId) {
    return route.getSteps().stream()
        .filter(s -> s.getStepId().equals(stepId))
        .findFirst()
        .orElseThrow();
  }

  /** Captures everything the open step requires, in tolerance, from calibrated devices. */
  public UnitScenario fulfil(String stepId) {
    RouteStep step = step(stepId);
    for (ScanRequirement scan : step.getRequiredScans()) {
      if (scan.getTracking() == PartTracking.SERIALIZED) {
        for (int i = 0; i < scan.getQty(); i++) {
          accept(scanSerial(stepId, scan.getPart(), componentSerial(scan.getPart())));
        }
      } else {
        accept(scanLot(stepId, scan.getPart(), "LOT-" + scan.getPart(), scan.getQty()));
      }
    }
    for (MeasurementRequirement m : step.getRequiredMeasurements()) {
      accept(measureByDevice(stepId, m.getCharacteristic(), passing(m), m.getUnit(), calibrated()));
    }
    for (SignatureRequirement s : step.getRequiredSignatures()) {
      accept(sign(stepId, s.getMeaning(), s.getRole(), unit().headHash()));
    }
    return this;
  }

  public String componentSerial(String part) {
    componentCounter++;
    return part + "-" + events.serial() + "-" + componentCounter;
  }

  /** Starts, fulfils and completes every step before {@code stepId}, then opens it. */
  public UnitScenario openStep(String stepId) {
    if (state.isEmpty()) {
      start();
    }
    for (RouteStep s : route.getSteps()) {
      if (s.getStepId().equals(stepId)) {
        waitFor(s);
        accept(stepStarted(stepId));
        return this;
      }
      doStep(s.getStepId());
    }
    throw new IllegalArgumentException(stepId);
  }

  /** Starts (after any min wait), fulfils and completes one step. */
  public UnitScenario doStep(String stepId) {
    waitFor(step(stepId));
    accept(stepStarted(stepId));
    fulfil(stepId);
    accept(stepCompleted(stepId));
    return this;
  }

  /** Completes every step up to and including {@code stepId}. */
  public UnitScenario through(String stepId) {
    if (state.isEmpty()) {
      start();
    }
    for (RouteStep s : route.getSteps()) {
      doStep(s.getStepId());
      if (s.getStepId().equals(stepId)) {
        return this;
      }
    }
    throw new IllegalArgumentException(stepId);
  }

  private void waitFor(RouteStep s) {
    if (s.getMinWaitAfterPreviousMillis() != null) {
      advance(Duration.ofMillis(s.getMinWaitAfterPreviousMillis()).plusMinutes(1));
    }
  }

  public static double passing(MeasurementRequirement m) {
    if (m.getLsl() != null && m.getUsl() != null) {
      return (m.getLsl() + m.getUsl()) / 2;
    }
    return m.getUsl() != null ? m.getUsl() - 0.1 : m.getLsl() + 0.1;
  }

  public Instant calibrated() {
    return clock.plus(Duration.ofDays(90));
  }
}
