package io.serialtrace.gate.rules;

import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.ViolationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Across units, keyed by component serial: a serial installed in a unit while another still holds
 * it is COMPONENT_REUSED on both (rows C01–C02); a serial that is itself a unit of this system and
 * not COMPLETED is COMPONENT_NOT_RELEASED (C03–C04). Each violation names the unit it concerns as
 * its serial; the unit side makes it open there ({@link GateRules#hold}).
 */
public final class ComponentReuseRules {

  private ComponentReuseRules() {}

  /** The component's next state and the violations one fact raised, in the order to emit them. */
  public record Result(ComponentState next, List<Violation> violations) {
    public Result {
      violations = List.copyOf(violations);
    }
  }

  /**
   * @param now gate time: the fact's record timestamp
   */
  public static Result apply(ComponentState state, ComponentFact fact, Instant now) {
    return switch (fact) {
      case ComponentFact.Installed installed -> installed(state, installed, now);
      case ComponentFact.Removed removed -> {
        List<String> holders = new ArrayList<>(state.holders());
        holders.remove(removed.unitSerial());
        yield new Result(new ComponentState(holders, state.ownStatus()), List.of());
      }
      case ComponentFact.UnitStatusChanged changed ->
          new Result(new ComponentState(state.holders(), Optional.of(changed.status())), List.of());
    };
  }

  private static Result installed(ComponentState state, ComponentFact.Installed i, Instant now) {
    List<Violation> raised = new ArrayList<>();
    for (String holder : state.holders()) {
      if (holder.equals(i.unitSerial())) {
        continue;
      }
      // Both records are wrong until someone looks: raise it on each unit, naming the other.
      raised.add(violation(i, ViolationCode.COMPONENT_REUSED, i.unitSerial(), holder, now));
      raised.add(violation(i, ViolationCode.COMPONENT_REUSED, holder, i.unitSerial(), now));
    }
    state
        .ownStatus()
        .filter(s -> s != UnitStatus.COMPLETED)
        .ifPresent(
            s ->
                raised.add(
                    Violation.newBuilder(
                            violation(
                                i, ViolationCode.COMPONENT_NOT_RELEASED, i.unitSerial(), null, now))
                        .setDetail(
                            "Component "
                                + i.componentSerial()
                                + " is itself a unit in status "
                                + s
                                + ", not released for use")
                        .build()));
    List<String> holders = new ArrayList<>(state.holders());
    if (!holders.contains(i.unitSerial())) {
      holders.add(i.unitSerial());
    }
    return new Result(new ComponentState(holders, state.ownStatus()), raised);
  }

  /** {@code related} is the other unit holding the component, null when there is none. */
  private static Violation violation(
      ComponentFact.Installed i, ViolationCode code, String unit, String related, Instant now) {
    return Violation.newBuilder()
        .setViolationId(RaisedViolations.nameUuid(i.eventId() + "/" + code + "/" + unit))
        .setSerial(unit)
        .setPlant(i.plant())
        .setStation(i.station())
        .setCode(code)
        .setSeverity(ViolationPolicy.severity(code))
        .setEventId(i.eventId())
        .setStepId(unit.equals(i.unitSerial()) ? i.stepId() : null)
        .setDetail(
            "Component "
                + i.componentSerial()
                + " installed in "
                + i.unitSerial()
                + (related == null ? "" : " while still installed in " + related))
        .setDetectedAt(now)
        .setEventTime(unit.equals(i.unitSerial()) ? i.eventTime() : null)
        .setComponentSerial(i.componentSerial())
        .setRelatedSerial(related)
        .setStatus(ViolationStatus.OPEN)
        .build();
  }
}
