package io.serialtrace.gate.rules;

import io.serialtrace.gate.rules.UnitState.CompletedStep;
import io.serialtrace.gate.rules.UnitState.Deadline;
import io.serialtrace.gate.rules.UnitState.OpenViolation;
import io.serialtrace.schemas.RouteStep;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The time limits of a route step: a minimum wait after the previous step (refuses an early start),
 * a maximum duration (STEP_OVERDUE) and a maximum wait before the step starts
 * (QUEUE_TIME_EXCEEDED). The last two are deadlines kept on the unit: the wall-clock punctuator
 * raises them ({@link #onClock}), or an event that passes one first does, under the same id, so
 * each fires once.
 */
final class StepDeadlines {

  private StepDeadlines() {}

  /** MIN_WAIT_NOT_MET when the step starts before its minimum wait after the previous one. */
  static Optional<Finding> minWaitNotMet(UnitState unit, RouteStep step, Instant startedAt) {
    List<CompletedStep> done = unit.completedSteps();
    if (done.isEmpty() || step.getMinWaitAfterPreviousMillis() == null) {
      return Optional.empty();
    }
    CompletedStep previous = done.get(done.size() - 1);
    Instant earliest = previous.completedAt().plusMillis(step.getMinWaitAfterPreviousMillis());
    if (!startedAt.isBefore(earliest)) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.at(
            ViolationCode.MIN_WAIT_NOT_MET,
            "Step "
                + step.getStepId()
                + " may not start before "
                + earliest
                + " ("
                + step.getMinWaitAfterPreviousMillis()
                + " ms after "
                + previous.stepId()
                + ")",
            step.getStepId()));
  }

  /** Deadlines once {@code step} started: its own are replaced by its maximum duration, if any. */
  static List<Deadline> afterStart(List<Deadline> deadlines, RouteStep step, Instant startedAt) {
    List<Deadline> next = new ArrayList<>(deadlines);
    next.removeIf(d -> d.stepId().equals(step.getStepId()));
    if (step.getMaxDurationMillis() != null) {
      next.add(
          new Deadline(
              ViolationCode.STEP_OVERDUE,
              step.getStepId(),
              startedAt.plusMillis(step.getMaxDurationMillis())));
    }
    return next;
  }

  /** Deadlines once {@code step} completed: the following step's maximum wait, if any. */
  static List<Deadline> afterCompletion(
      List<Deadline> deadlines,
      RouteStep step,
      Optional<RouteStep> following,
      Instant completedAt) {
    List<Deadline> next = new ArrayList<>(deadlines);
    next.removeIf(d -> d.stepId().equals(step.getStepId()));
    following
        .filter(f -> f.getMaxWaitAfterPreviousMillis() != null)
        .ifPresent(
            f ->
                next.add(
                    new Deadline(
                        ViolationCode.QUEUE_TIME_EXCEEDED,
                        f.getStepId(),
                        completedAt.plusMillis(f.getMaxWaitAfterPreviousMillis()))));
    return next;
  }

  /**
   * A deadline an event passes before the punctuator raised it (e.g. the event itself arrived
   * late): raised now, under the id the punctuator would have used.
   */
  static Optional<Finding> passed(UnitState unit, ViolationCode code, String stepId, Instant at) {
    return unit.deadlines().stream()
        .filter(d -> d.code() == code && d.stepId().equals(stepId))
        .findFirst()
        .filter(d -> at.isAfter(d.due()))
        .map(d -> finding(unit, d));
  }

  /**
   * Raises the deadlines of {@code state} due at or before {@code now}: STEP_OVERDUE when the step
   * is still open, QUEUE_TIME_EXCEEDED when the next step has not started. Each deadline is removed
   * as it is looked at, so it fires at most once; a deadline whose condition no longer holds is
   * dropped silently.
   */
  static ClockResult onClock(UnitState state, Instant now) {
    if (state.status().closed() || state.isCompacted()) {
      return new ClockResult(state, List.of());
    }
    List<Deadline> due = state.deadlines().stream().filter(d -> !d.due().isAfter(now)).toList();
    if (due.isEmpty()) {
      return new ClockResult(state, List.of());
    }
    List<Violation> raised = new ArrayList<>();
    List<OpenViolation> open = new ArrayList<>(state.openViolations());
    for (Deadline d : due) {
      if (!stillHolds(state, d)) {
        continue;
      }
      Violation v = RaisedViolations.byClock(state, finding(state, d), now);
      raised.add(v);
      open.add(OpenViolation.of(v, Optional.empty(), false));
    }
    List<Deadline> remaining = new ArrayList<>(state.deadlines());
    remaining.removeAll(due);
    UnitState next =
        state
            .withProgress(state.progress().withDeadlines(remaining))
            .withViolations(state.violations().withOpen(open, raised.size()));
    return new ClockResult(next, raised);
  }

  private static boolean stillHolds(UnitState state, Deadline d) {
    return switch (d.code()) {
      case STEP_OVERDUE -> state.openStep().map(s -> s.stepId().equals(d.stepId())).orElse(false);
      case QUEUE_TIME_EXCEEDED ->
          state.openStep().isEmpty()
              && state.nextStep().map(s -> s.getStepId().equals(d.stepId())).orElse(false);
      // Only the two codes above are ever scheduled.
      default -> false;
    };
  }

  private static Finding finding(UnitState unit, Deadline d) {
    String message =
        d.code() == ViolationCode.STEP_OVERDUE
            ? "Step " + d.stepId() + " was still open at its due time " + d.due()
            : "Step "
                + d.stepId()
                + " had not started by "
                + d.due()
                + " (max wait after the previous step)";
    return new Finding(
        d.code(),
        message,
        Optional.of(d.stepId()),
        Optional.empty(),
        Optional.of(deadlineId(unit.serial(), d)));
  }

  /** One id per (serial, code, step): the same whether the clock or a late event raises it. */
  private static UUID deadlineId(String serial, Deadline d) {
    return RaisedViolations.nameUuid(serial + "/" + d.code() + "/" + d.stepId());
  }
}
