package io.serialtrace.gate.rules;

import io.serialtrace.gate.rules.ClaimWait.ParkedEvent;
import io.serialtrace.schemas.ClaimOutcome;
import io.serialtrace.schemas.ComponentClaimAnswer;
import io.serialtrace.schemas.ComponentHolder;
import io.serialtrace.schemas.ComponentScanned;
import io.serialtrace.schemas.EdgeType;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GenealogyEdge;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The unit side of a component claim (rows C01–C17 of the state machine). An installation of a
 * serialized component that the unit's own rules accept is not decided yet: the unit claims the
 * component on the component's own key ({@link ComponentClaimRules}) and waits, and every later
 * event of the unit is parked behind it, in order. The answer decides the installation — ACCEPTED,
 * or REJECTED as COMPONENT_REUSED / COMPONENT_NOT_RELEASED — and so does a wait past {@code
 * gate.claim-timeout} (REJECTED as CLAIM_UNAVAILABLE); then the parked events are decided in order,
 * each as of its own arrival, as if they had never waited. A removal releases the claim.
 */
public final class ClaimWaitRules {

  private final GateRules rules;
  private final Duration timeout;

  /**
   * @param claimTimeout how long an installation waits for its claim's answer (wall-clock time)
   */
  public ClaimWaitRules(GateRules rules, Duration claimTimeout) {
    this.rules = rules;
    this.timeout = claimTimeout;
  }

  /**
   * What the gate remembers beyond the unit's state, as the rules may look it up.
   *
   * @param firstDecisions the first decision of an event decided before, by eventId (dedup)
   * @param notices the refusal notice remembered under a violationId, open or ended
   */
  public record Memory(
      Function<UUID, Optional<GateDecision>> firstDecisions,
      Function<UUID, Optional<Violation>> notices) {

    /** Nothing remembered: a gate that has decided nothing yet. */
    public static Memory none() {
      return new Memory(id -> Optional.empty(), id -> Optional.empty());
    }

    Optional<GateDecision> first(UUID eventId) {
      return firstDecisions.apply(eventId);
    }

    /** The notice an event names (an Acknowledgement's, a Disposition's), if remembered. */
    Optional<Violation> namedBy(ProductionEvent event) {
      return GateRules.namedViolation(event).flatMap(notices);
    }
  }

  /** What became of one delivered event. */
  public sealed interface Answer {}

  /** An event decided now, with its verdict. */
  public record Decided(ProductionEvent event, Verdict verdict) implements Answer {}

  /** An event decided before, delivered again: its first decision is repeated. */
  public record Repeated(GateDecision first) implements Answer {}

  /**
   * What admitting events did.
   *
   * @param answers one per delivered event answered now, in order (none while one waits)
   * @param next the unit's state after them; empty when there is no unit
   * @param facts for the component side, in order: claims, releases, withdrawn claims
   */
  public record Admitted(
      List<Answer> answers, Optional<UnitState> next, List<ComponentFact> facts) {
    public Admitted {
      answers = List.copyOf(answers);
      facts = List.copyOf(facts);
    }

    private Admitted then(Admitted later) {
      List<Answer> all = new ArrayList<>(answers);
      all.addAll(later.answers);
      List<ComponentFact> allFacts = new ArrayList<>(facts);
      allFacts.addAll(later.facts);
      return new Admitted(all, later.next, allFacts);
    }

    /** The decisions and notices given here, then those remembered before. */
    private Memory andBefore(Memory before) {
      return new Memory(
          id ->
              decided()
                  .filter(d -> d.event().getEventId().equals(id))
                  .map(d -> d.verdict().decision())
                  .findFirst()
                  .or(() -> before.first(id)),
          id ->
              decided()
                  .flatMap(d -> d.verdict().notices().stream())
                  .filter(n -> n.getViolationId().equals(id))
                  .reduce((earlier, later) -> later)
                  .or(() -> before.notices().apply(id)));
    }

    private Stream<Decided> decided() {
      return answers.stream().flatMap(a -> a instanceof Decided d ? Stream.of(d) : Stream.empty());
    }
  }

  /**
   * One event of the unit, as it arrives: its first decision repeated if it was decided before,
   * else parked behind a waiting installation, else decided now — or, an installation of a
   * serialized component its rules accept, waiting for its claim.
   *
   * @param now the event's gate time
   * @param wallClock wall-clock time now, from which a new wait's deadline runs
   */
  public Admitted admit(
      Optional<UnitState> state,
      ProductionEvent event,
      Optional<Route> route,
      Instant now,
      Instant wallClock,
      Memory memory) {
    Optional<GateDecision> first = memory.first(event.getEventId());
    if (first.isPresent()) {
      return new Admitted(List.of(new Repeated(first.get())), state, List.of());
    }
    Optional<ClaimWait> waiting = state.flatMap(UnitState::claimWait);
    if (waiting.isPresent()) {
      // Parked even when it repeats a waiting event: it is answered, as a repeat, in its place.
      ClaimWait parked = waiting.get().parking(new ParkedEvent(event, now));
      return new Admitted(
          List.of(), Optional.of(state.get().withClaimWait(Optional.of(parked))), List.of());
    }
    Verdict verdict = rules.decide(state, event, route, memory.namedBy(event), now);
    Optional<String> component = claimedComponent(verdict);
    if (component.isEmpty()) {
      return decided(state, event, verdict);
    }
    UnitState unit = state.orElseThrow(); // only an existing unit installs
    ClaimWait wait = new ClaimWait(event, now, component.get(), wallClock.plus(timeout), List.of());
    ComponentFact claim =
        new ComponentFact.ClaimRequested(
            component.get(),
            unit.serial(),
            unit.identity().plant(),
            event.getStation(),
            event.getEventId());
    return new Admitted(
        List.of(), Optional.of(unit.withClaimWait(Optional.of(wait))), List.of(claim));
  }

  /**
   * The answer to a claim: decides the waiting installation, then the events parked behind it. An
   * answer nobody waits for any more (the wait timed out) changes nothing; if it granted the claim,
   * the claim is withdrawn so the unit does not hold a component it never installed.
   */
  public Admitted answered(
      Optional<UnitState> state, ComponentClaimAnswer answer, Instant wallClock, Memory memory) {
    boolean granted = answer.getOutcome() == ClaimOutcome.GRANTED;
    Optional<ClaimWait> waiting =
        state
            .flatMap(UnitState::claimWait)
            .filter(w -> w.install().getEventId().equals(answer.getEventId()));
    if (waiting.isEmpty()) {
      boolean installed = state.filter(u -> installedBy(u, answer)).isPresent();
      return new Admitted(
          List.of(), state, granted && !installed ? List.of(withdrawn(answer)) : List.of());
    }
    ClaimWait wait = waiting.get();
    UnitState resumed = state.get().withClaimWait(Optional.empty());
    if (!granted) {
      return resume(resumed, wait, refusal(resumed, wait, answer), wallClock, memory);
    }
    Verdict verdict =
        rules.decide(
            Optional.of(resumed), wait.install(), Optional.empty(), Optional.empty(), wait.at());
    Admitted resumedWith = resume(resumed, wait, verdict, wallClock, memory);
    return claimedComponent(verdict).isPresent()
        ? resumedWith
        // Defensive: the unit's rules no longer accept the installation, so it holds nothing.
        : new Admitted(List.of(), state, List.of(withdrawn(answer))).then(resumedWith);
  }

  /**
   * Wall-clock time passing: an installation waiting past its deadline is refused as
   * CLAIM_UNAVAILABLE (nothing about the product: scan again), then the parked events are decided —
   * but only once the component side has been quiet for the timeout too. While it answers other
   * claims (a backlog being worked off, a task just restarted) the answer is on its way, and the
   * wait is extended instead.
   *
   * @param componentSideHeard wall-clock time this unit's task last received a claim answer, or
   *     started
   */
  public Admitted timedOut(
      UnitState unit, Instant wallClock, Instant componentSideHeard, Memory memory) {
    Optional<ClaimWait> overdue = unit.claimWait().filter(w -> !w.due().isAfter(wallClock));
    if (overdue.isEmpty()) {
      return new Admitted(List.of(), Optional.of(unit), List.of());
    }
    Instant quietUntil = componentSideHeard.plus(timeout);
    if (wallClock.isBefore(quietUntil)) {
      UnitState extended = unit.withClaimWait(Optional.of(overdue.get().until(quietUntil)));
      return new Admitted(List.of(), Optional.of(extended), List.of());
    }
    ClaimWait wait = overdue.get();
    Finding unavailable =
        Finding.at(
            ViolationCode.CLAIM_UNAVAILABLE,
            "The gate could not confirm within "
                + timeout
                + " that component "
                + wait.componentSerial()
                + " is installed in no other unit; nothing was recorded: scan it again",
            stepOf(wait));
    Verdict verdict = RecordAppender.refuse(wait.install(), wait.at(), List.of(unavailable));
    return resume(unit.withClaimWait(Optional.empty()), wait, verdict, wallClock, memory);
  }

  /** The waiting installation decided, then every event parked behind it, in order. */
  private Admitted resume(
      UnitState resumed, ClaimWait wait, Verdict verdict, Instant wallClock, Memory memory) {
    Admitted all = decided(Optional.of(resumed), wait.install(), verdict);
    for (ParkedEvent parked : wait.behind()) {
      // An event for this existing unit needs no route; a parked UnitStarted is a reissue.
      all =
          all.then(
              admit(
                  all.next(),
                  parked.event(),
                  Optional.empty(),
                  parked.at(),
                  wallClock,
                  all.andBefore(memory)));
    }
    return all;
  }

  private static Admitted decided(
      Optional<UnitState> state, ProductionEvent event, Verdict verdict) {
    return switch (verdict) {
      case Verdict.Accepted a ->
          new Admitted(List.of(new Decided(event, a)), Optional.of(a.next()), releases(a));
      case Verdict.Rejected r -> new Admitted(List.of(new Decided(event, r)), state, List.of());
      case Verdict.Acknowledged k -> new Admitted(List.of(new Decided(event, k)), state, List.of());
    };
  }

  /** The serial an accepted event installs, when it installs a serialized component. */
  private static Optional<String> claimedComponent(Verdict verdict) {
    return verdict instanceof Verdict.Accepted a
        ? a.edges().stream()
            .filter(e -> e.getEdgeType() == EdgeType.INSTALLED && e.getChildSerial() != null)
            .map(GenealogyEdge::getChildSerial)
            .findFirst()
        : Optional.empty();
  }

  /** An accepted removal of a serialized component releases the unit's claim on it. */
  private static List<ComponentFact> releases(Verdict.Accepted accepted) {
    return accepted.edges().stream()
        .filter(e -> e.getEdgeType() == EdgeType.REMOVED && e.getChildSerial() != null)
        .<ComponentFact>map(
            e ->
                new ComponentFact.Released(e.getChildSerial(), e.getParentSerial(), e.getEventId()))
        .toList();
  }

  private static boolean installedBy(UnitState unit, ComponentClaimAnswer answer) {
    return unit.installed().stream()
        .anyMatch(
            c ->
                c.eventId().equals(answer.getEventId())
                    && c.componentSerial().filter(answer.getComponentSerial()::equals).isPresent());
  }

  private static ComponentFact withdrawn(ComponentClaimAnswer answer) {
    return new ComponentFact.ClaimWithdrawn(
        answer.getComponentSerial(), answer.getUnitSerial(), answer.getEventId());
  }

  /**
   * The installation refused as the answer says. The decision carries the holders with their plants
   * (structured, for whoever answers the caller); its text names a holder only when it is in the
   * installing event's plant, because the text goes to the operator as it is.
   */
  private static Verdict refusal(UnitState unit, ClaimWait wait, ComponentClaimAnswer answer) {
    ProductionEvent install = wait.install();
    String component = answer.getComponentSerial();
    List<Finding> findings = new ArrayList<>();
    List<ComponentHolder> holders = answer.getHolders();
    if (!holders.isEmpty()) {
      findings.add(
          Finding.at(
              ViolationCode.COMPONENT_REUSED,
              "Component "
                  + component
                  + " is still installed in "
                  + holdersAsSeenFrom(install.getPlant(), holders)
                  + "; it must be removed there before it can be installed in "
                  + unit.serial(),
              stepOf(wait)));
    }
    Optional.ofNullable(answer.getUnreleasedStatus())
        .ifPresent(
            status ->
                findings.add(
                    Finding.at(
                        ViolationCode.COMPONENT_NOT_RELEASED,
                        "Component "
                            + component
                            + " is itself a unit of this system in status "
                            + status
                            + ", not released for use",
                        stepOf(wait))));
    Verdict.Rejected refused = RecordAppender.refuse(install, wait.at(), findings);
    GateDecision decision =
        GateDecision.newBuilder(refused.decision()).setComponentHolders(holders).build();
    List<Violation> violations =
        refused.violations().stream()
            .map(
                v ->
                    Violation.newBuilder(v)
                        .setComponentSerial(component)
                        .setRelatedSerial(
                            v.getCode() == ViolationCode.COMPONENT_REUSED
                                ? visibleHolder(install.getPlant(), holders).orElse(null)
                                : null)
                        .build())
            .toList();
    return new Verdict.Rejected(decision, violations);
  }

  /**
   * The holder the installing unit's notice may name as related: one of its own plant. A holder of
   * another plant is not named in the installing plant's records (its own notice names both).
   */
  private static Optional<String> visibleHolder(String plant, List<ComponentHolder> holders) {
    return holders.stream()
        .filter(h -> h.getPlant().equals(plant))
        .map(ComponentHolder::getUnitSerial)
        .findFirst();
  }

  /** "unit SN-1", or "a unit of another plant" — whatever the operator's plant may see. */
  private static String holdersAsSeenFrom(String plant, List<ComponentHolder> holders) {
    List<String> visible =
        holders.stream()
            .filter(h -> h.getPlant().equals(plant))
            .map(ComponentHolder::getUnitSerial)
            .toList();
    long hidden = holders.size() - visible.size();
    List<String> parts = new ArrayList<>();
    if (!visible.isEmpty()) {
      parts.add("unit " + String.join(", ", visible));
    }
    if (hidden > 0) {
      parts.add(hidden == 1 ? "a unit of another plant" : hidden + " units of other plants");
    }
    return String.join(" and ", parts);
  }

  private static String stepOf(ClaimWait wait) {
    return ((ComponentScanned) wait.install().getPayload()).getStepId();
  }
}
