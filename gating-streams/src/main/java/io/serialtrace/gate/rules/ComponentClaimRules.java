package io.serialtrace.gate.rules;

import io.serialtrace.gate.rules.ComponentState.Holder;
import io.serialtrace.schemas.ClaimOutcome;
import io.serialtrace.schemas.ComponentClaimAnswer;
import io.serialtrace.schemas.ComponentHolder;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.ViolationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ownership of a serialized component, decided on the component's own key before the unit's rules
 * accept its installation (rows C01–C04 of the state machine): a claim is granted when no other
 * unit holds the component (the same unit again is granted again: a redelivery), refused naming the
 * holders when another unit does (COMPONENT_REUSED; each holder also gets the violation, with its
 * own plant), and refused when the component is itself a unit of this system not COMPLETED
 * (COMPONENT_NOT_RELEASED). A removal releases the holder; a claim granted too late for its
 * installation is withdrawn.
 */
public final class ComponentClaimRules {

  private ComponentClaimRules() {}

  /**
   * The component's next state, the answer to a claim (none for other facts) and the violations to
   * raise on the units still holding a component another unit tried to install.
   */
  public record Result(
      ComponentState next,
      Optional<ComponentClaimAnswer> answer,
      List<Violation> holderViolations) {
    public Result {
      holderViolations = List.copyOf(holderViolations);
    }

    static Result quiet(ComponentState next) {
      return new Result(next, Optional.empty(), List.of());
    }
  }

  /**
   * @param now gate time: the fact's record timestamp
   */
  public static Result apply(ComponentState state, ComponentFact fact, Instant now) {
    return switch (fact) {
      case ComponentFact.ClaimRequested claim -> claimed(state, claim, now);
      case ComponentFact.Released released ->
          Result.quiet(without(state, h -> h.unitSerial().equals(released.unitSerial())));
      case ComponentFact.ClaimWithdrawn withdrawn ->
          Result.quiet(
              without(
                  state,
                  h ->
                      h.unitSerial().equals(withdrawn.unitSerial())
                          && h.claimedBy().filter(withdrawn.eventId()::equals).isPresent()));
      case ComponentFact.UnitStatusChanged changed ->
          Result.quiet(new ComponentState(state.holders(), Optional.of(changed.status())));
    };
  }

  private static Result claimed(ComponentState state, ComponentFact.ClaimRequested c, Instant now) {
    List<Holder> others =
        state.holders().stream().filter(h -> !h.unitSerial().equals(c.unitSerial())).toList();
    Optional<UnitStatus> unreleased = state.ownStatus().filter(s -> s != UnitStatus.COMPLETED);
    ComponentClaimAnswer.Builder answer =
        ComponentClaimAnswer.newBuilder()
            .setUnitSerial(c.unitSerial())
            .setComponentSerial(c.componentSerial())
            .setEventId(c.eventId())
            .setAnsweredAt(now);
    if (others.isEmpty() && unreleased.isEmpty()) {
      // Granted; the same unit claiming again (a redelivered claim, a retried scan) holds it anew.
      List<Holder> holders = new ArrayList<>();
      holders.add(new Holder(c.unitSerial(), c.plant(), c.station(), Optional.of(c.eventId())));
      return new Result(
          new ComponentState(holders, state.ownStatus()),
          Optional.of(answer.setOutcome(ClaimOutcome.GRANTED).build()),
          List.of());
    }
    answer
        .setOutcome(ClaimOutcome.REFUSED)
        .setHolders(
            others.stream().map(h -> new ComponentHolder(h.unitSerial(), h.plant())).toList())
        .setUnreleasedStatus(unreleased.map(UnitStatus::name).orElse(null));
    // The holders' records say they contain a part someone is installing elsewhere: each is told.
    List<Violation> raised = others.stream().map(h -> onHolder(h, c, now)).toList();
    return new Result(state, Optional.of(answer.build()), raised);
  }

  private static ComponentState without(
      ComponentState state, java.util.function.Predicate<Holder> released) {
    List<Holder> holders = new ArrayList<>(state.holders());
    holders.removeIf(released);
    return new ComponentState(holders, state.ownStatus());
  }

  /**
   * COMPONENT_REUSED on a unit still holding the component: in the holder's plant (its quality
   * staff review it), at the station it went in; the refused installation is the causing event. It
   * names the installing unit only when that unit is of the same plant, as the installing unit's
   * refusal names the holder only then: a plant's records never name another plant's unit.
   */
  private static Violation onHolder(Holder holder, ComponentFact.ClaimRequested c, Instant now) {
    String code = ViolationCode.COMPONENT_REUSED.name();
    String plant = holder.plant().isEmpty() ? c.plant() : holder.plant();
    boolean samePlant = plant.equals(c.plant());
    String installing =
        samePlant ? c.unitSerial() + " (station " + c.station() + ")" : "a unit of another plant";
    return Violation.newBuilder()
        .setViolationId(
            RaisedViolations.nameUuid(c.eventId() + "/" + code + "/" + holder.unitSerial()))
        .setSerial(holder.unitSerial())
        .setPlant(plant)
        .setStation(holder.station().isEmpty() ? c.station() : holder.station())
        .setCode(ViolationCode.COMPONENT_REUSED)
        .setSeverity(ViolationPolicy.severity(ViolationCode.COMPONENT_REUSED))
        .setEventId(c.eventId())
        .setDetail(
            "Component "
                + c.componentSerial()
                + ", installed in "
                + holder.unitSerial()
                + ", was scanned for installation in "
                + installing
                + "; that installation was refused. Check that the component is still in "
                + holder.unitSerial())
        .setDetectedAt(now)
        .setComponentSerial(c.componentSerial())
        .setRelatedSerial(samePlant ? c.unitSerial() : null)
        .setStatus(ViolationStatus.OPEN)
        .build();
  }
}
