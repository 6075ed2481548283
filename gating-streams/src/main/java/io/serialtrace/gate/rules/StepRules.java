package io.serialtrace.gate.rules;

import io.serialtrace.gate.rules.UnitState.CompletedStep;
import io.serialtrace.gate.rules.UnitState.OpenStep;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.RouteStep;
import io.serialtrace.schemas.StepCompleted;
import io.serialtrace.schemas.StepStarted;
import io.serialtrace.schemas.ViolationCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Step order: one step open at a time, started in route order, completed only when its captures are
 * complete ({@link CaptureRules#missingFor}). The time limits a start or a completion sets or
 * passes are {@link StepDeadlines}'. Step times are eventTime: when the work happened.
 */
final class StepRules {

  private StepRules() {}

  static Outcome started(UnitState unit, ProductionEvent event, StepStarted p) {
    if (unit.openStep().isPresent()) {
      return Outcome.refused(
          ViolationCode.STEP_OUT_OF_ORDER,
          "Step "
              + unit.openStep().get().stepId()
              + " is still open; cannot start "
              + p.getStepId(),
          p.getStepId());
    }
    Optional<RouteStep> expected = unit.nextStep();
    if (expected.isEmpty() || !expected.get().getStepId().equals(p.getStepId())) {
      return Outcome.refused(
          ViolationCode.STEP_OUT_OF_ORDER,
          "Step "
              + p.getStepId()
              + " is not the next step ("
              + expected.map(RouteStep::getStepId).orElse("none left")
              + ")",
          p.getStepId());
    }
    RouteStep step = expected.get();
    Instant startedAt = event.getEventTime();
    Optional<Finding> tooEarly = StepDeadlines.minWaitNotMet(unit, step, startedAt);
    if (tooEarly.isPresent()) {
      return Outcome.refused(tooEarly.get());
    }
    List<Finding> findings =
        StepDeadlines.passed(unit, ViolationCode.QUEUE_TIME_EXCEEDED, step.getStepId(), startedAt)
            .stream()
            .toList();
    OpenStep open = new OpenStep(step.getStepId(), startedAt, List.of(), List.of());
    UnitState next =
        unit.withProgress(
            unit.progress()
                .withOpenStep(Optional.of(open))
                .withDeadlines(StepDeadlines.afterStart(unit.deadlines(), step, startedAt)));
    return Outcome.advanced(next, findings);
  }

  static Outcome completed(UnitState unit, ProductionEvent event, StepCompleted p) {
    return inOpenStep(unit, p.getStepId(), (step, open) -> completed(unit, event, step, open));
  }

  private static Outcome completed(
      UnitState unit, ProductionEvent event, RouteStep step, OpenStep open) {
    List<Finding> missing = CaptureRules.missingFor(unit, step, open);
    if (!missing.isEmpty()) {
      return new Outcome.Refused(missing);
    }
    Instant completedAt = event.getEventTime();
    List<Finding> findings =
        StepDeadlines.passed(unit, ViolationCode.STEP_OVERDUE, step.getStepId(), completedAt)
            .stream()
            .toList();
    List<CompletedStep> done = new ArrayList<>(unit.completedSteps());
    done.add(new CompletedStep(step.getStepId(), open.startedAt(), completedAt));
    UnitState next =
        unit.withProgress(unit.progress().withCompletedSteps(done).withOpenStep(Optional.empty()));
    next =
        next.withProgress(
            next.progress()
                .withDeadlines(
                    StepDeadlines.afterCompletion(
                        next.deadlines(), step, next.nextStep(), completedAt)));
    return Outcome.advanced(next, findings);
  }

  /** A rule about the open step, given its route step and what it has captured so far. */
  @FunctionalInterface
  interface OpenStepRule {
    Outcome apply(RouteStep step, OpenStep open);
  }

  /**
   * Runs {@code rule} when the event names the open step; a capture or completion naming any other
   * step is out of order.
   */
  static Outcome inOpenStep(UnitState unit, String stepId, OpenStepRule rule) {
    Optional<String> open = unit.openStep().map(OpenStep::stepId);
    if (!open.equals(Optional.of(stepId))) {
      return Outcome.refused(
          ViolationCode.STEP_OUT_OF_ORDER,
          "Step " + stepId + " is not the open step (" + open.orElse("none open") + ")",
          stepId);
    }
    return rule.apply(unit.routeStep(stepId), unit.openStep().orElseThrow());
  }
}
