package io.serialtrace.gate.rules;

import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.RouteStep;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.record.RecordHasher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything the gate knows about one serialized unit: the value of the unit state store, keyed by
 * serial. Immutable; every rule returns a new instance. Made of small records, one per concern, so
 * a rule changes the one it is about ({@code unit.withProgress(unit.progress().withOpenStep(s))})
 * and no constructor lists every field. Persisted flat by {@link UnitStateSerde} ({@link
 * UnitStateJson}).
 *
 * @param identity who the unit is and the route revision pinned when it started
 * @param lifecycle status, whether it was ever held, when it was closed
 * @param progress steps done, the open step with its captures, installed components, deadlines
 * @param violations violations open on the record and how many were ever raised
 * @param head the end of the hash-chained record
 * @param claimWait an installation waiting for its component's claim, with the events parked behind
 *     it; empty nearly always
 */
public record UnitState(
    Identity identity,
    Lifecycle lifecycle,
    Progress progress,
    Violations violations,
    RecordHead head,
    Optional<ClaimWait> claimWait) {

  /** A unit not waiting for any claim. */
  public UnitState(
      Identity identity,
      Lifecycle lifecycle,
      Progress progress,
      Violations violations,
      RecordHead head) {
    this(identity, lifecycle, progress, violations, head, Optional.empty());
  }

  /**
   * @param serial the unit's serial (the store and topic key)
   * @param product product the unit builds
   * @param workOrder work order it is built under
   * @param plant plant where it was started
   * @param routeRevision revision of the route pinned at UnitStarted (kept after compaction, for
   *     the record); a newer released revision applies only to units started after it
   * @param route that revision of the product's route. Not persisted: the store keeps
   *     product+revision and the gate looks the route up in its route-revisions store when it loads
   *     the unit ({@link #withRoute}); empty in a state just read from the store and in the {@link
   *     #compacted()} form
   */
  public record Identity(
      String serial,
      String product,
      String workOrder,
      String plant,
      String routeRevision,
      Optional<Route> route) {
    Identity withoutRoute() {
      return new Identity(serial, product, workOrder, plant, routeRevision, Optional.empty());
    }
  }

  /**
   * @param status life-cycle state, see {@link UnitStatus}
   * @param everHeld whether the unit was ever on HOLD (its completion is then
   *     RELEASED_AFTER_DISPOSITION)
   * @param closedAt gate time the unit was completed or scrapped; drives compaction after retention
   * @param compacted whether only the {@link #compacted()} form is kept
   */
  public record Lifecycle(
      UnitStatus status, boolean everHeld, Optional<Instant> closedAt, boolean compacted) {
    static final Lifecycle STARTED =
        new Lifecycle(UnitStatus.IN_WORK, false, Optional.empty(), false);

    Lifecycle withStatus(UnitStatus s) {
      return new Lifecycle(s, everHeld || s == UnitStatus.HOLD, closedAt, compacted);
    }

    Lifecycle closed(UnitStatus s, Instant at) {
      return new Lifecycle(s, everHeld, Optional.of(at), compacted);
    }

    Lifecycle compactedForm() {
      return new Lifecycle(status, everHeld, closedAt, true);
    }
  }

  /**
   * @param completedSteps steps done so far, in route order
   * @param openStep the step in progress with the captures gathered for it
   * @param installed components and lots currently installed (removals take them out)
   * @param deadlines pending time limits the wall-clock punctuator watches; each fires once
   */
  public record Progress(
      List<CompletedStep> completedSteps,
      Optional<OpenStep> openStep,
      List<InstalledComponent> installed,
      List<Deadline> deadlines) {
    static final Progress NONE = new Progress(List.of(), Optional.empty(), List.of(), List.of());

    public Progress {
      completedSteps = List.copyOf(completedSteps);
      installed = List.copyOf(installed);
      deadlines = List.copyOf(deadlines);
    }

    Progress withCompletedSteps(List<CompletedStep> steps) {
      return new Progress(steps, openStep, installed, deadlines);
    }

    Progress withOpenStep(Optional<OpenStep> step) {
      return new Progress(completedSteps, step, installed, deadlines);
    }

    Progress withInstalled(List<InstalledComponent> components) {
      return new Progress(completedSteps, openStep, components, deadlines);
    }

    Progress withDeadlines(List<Deadline> pending) {
      return new Progress(completedSteps, openStep, installed, pending);
    }
  }

  /**
   * @param open violations raised on the accepted record and not yet dispositioned
   * @param raisedCount violations raised on the record over the unit's whole life
   */
  public record Violations(List<OpenViolation> open, int raisedCount) {
    static final Violations NONE = new Violations(List.of(), 0);

    public Violations {
      open = List.copyOf(open);
    }

    /** The open list after a change; {@code newlyRaised} of its entries are new violations. */
    Violations withOpen(List<OpenViolation> violations, int newlyRaised) {
      return new Violations(violations, raisedCount + newlyRaised);
    }
  }

  /**
   * @param seq seq of the last UnitRecord (the record count)
   * @param hash recordHash of the last UnitRecord: what a signature must bind to
   * @param recordedEventIds eventIds of every accepted event, so a Correction can name them
   * @param lastStation station of the last accepted event, used for punctuator-raised violations
   * @param lastActivity gate time of the last accepted event
   */
  public record RecordHead(
      long seq,
      String hash,
      List<UUID> recordedEventIds,
      String lastStation,
      Instant lastActivity) {
    public RecordHead {
      recordedEventIds = List.copyOf(recordedEventIds);
    }

    /** Before the first record: the chain starts from the genesis hash. */
    static RecordHead genesis(String station, Instant at) {
      return new RecordHead(0, RecordHasher.GENESIS, List.of(), station, at);
    }

    RecordHead appended(UUID eventId, long newSeq, String newHash, String station, Instant at) {
      List<UUID> ids = new ArrayList<>(recordedEventIds);
      ids.add(eventId);
      return new RecordHead(newSeq, newHash, ids, station, at);
    }

    RecordHead withoutEventIds() {
      return new RecordHead(seq, hash, List.of(), lastStation, lastActivity);
    }
  }

  /** A step that was started and completed. */
  public record CompletedStep(String stepId, Instant startedAt, Instant completedAt) {}

  /**
   * The step in progress. Scans are not duplicated here: they are the {@link #installed()} entries
   * with this stepId, so a removal automatically un-counts a scan.
   */
  public record OpenStep(
      String stepId,
      Instant startedAt,
      List<MeasurementCapture> measurements,
      List<SignatureCapture> signatures) {
    public OpenStep {
      measurements = List.copyOf(measurements);
      signatures = List.copyOf(signatures);
    }

    OpenStep withMeasurements(List<MeasurementCapture> captures) {
      return new OpenStep(stepId, startedAt, captures, signatures);
    }

    OpenStep withSignatures(List<SignatureCapture> captures) {
      return new OpenStep(stepId, startedAt, measurements, captures);
    }
  }

  /** The latest value of a characteristic measured in the open step. */
  public record MeasurementCapture(String characteristic, double value, boolean inTolerance) {}

  /** A valid signature applied in the open step. */
  public record SignatureCapture(String meaning, String role, String signerId) {}

  /**
   * A violation on the accepted record awaiting disposition.
   *
   * @param blocksStep whether it keeps its step from completing (a TOLERANCE_BREACH until a passing
   *     re-measure of the characteristic or a disposition)
   * @param raised the violation as emitted, re-emitted DISPOSITIONED when closed
   */
  public record OpenViolation(
      UUID violationId,
      ViolationCode code,
      Optional<String> stepId,
      Optional<String> characteristic,
      boolean blocksStep,
      Violation raised) {

    /** A violation just raised, as it stays open on the unit. */
    static OpenViolation of(Violation v, Optional<String> characteristic, boolean blocksStep) {
      return new OpenViolation(
          v.getViolationId(),
          v.getCode(),
          Optional.ofNullable(v.getStepId()),
          characteristic,
          blocksStep,
          v);
    }

    OpenViolation unblocked() {
      return new OpenViolation(violationId, code, stepId, characteristic, false, raised);
    }
  }

  /** A component serial or material lot installed in the unit. Exactly one of serial/lot is set. */
  public record InstalledComponent(
      String part,
      Optional<String> componentSerial,
      Optional<String> lotId,
      int qty,
      String stepId,
      UUID eventId) {
    InstalledComponent withQty(int remaining) {
      return new InstalledComponent(part, componentSerial, lotId, remaining, stepId, eventId);
    }
  }

  /** A time limit the punctuator raises when wall-clock time passes {@code due}. */
  public record Deadline(ViolationCode code, String stepId, Instant due) {}

  // Withers, one per part.

  UnitState withLifecycle(Lifecycle l) {
    return new UnitState(identity, l, progress, violations, head, claimWait);
  }

  UnitState withProgress(Progress p) {
    return new UnitState(identity, lifecycle, p, violations, head, claimWait);
  }

  UnitState withViolations(Violations v) {
    return new UnitState(identity, lifecycle, progress, v, head, claimWait);
  }

  UnitState withHead(RecordHead h) {
    return new UnitState(identity, lifecycle, progress, violations, h, claimWait);
  }

  UnitState withClaimWait(Optional<ClaimWait> w) {
    return new UnitState(identity, lifecycle, progress, violations, head, w);
  }

  /** Completed or scrapped: nothing is due any more but the compaction. */
  UnitState closed(UnitStatus s, Instant at) {
    return withLifecycle(lifecycle.closed(s, at)).withProgress(progress.withDeadlines(List.of()));
  }

  /**
   * The form kept after a closed unit's retention: enough to refuse a reissued serial
   * (DUPLICATE_SERIAL) and late events (UNIT_CLOSED) and to answer "what is this unit", without the
   * route copy, captures and lists that make a full state large.
   */
  public UnitState compacted() {
    return new UnitState(
        identity.withoutRoute(),
        lifecycle.compactedForm(),
        Progress.NONE,
        new Violations(List.of(), violations.raisedCount()),
        head.withoutEventIds());
  }

  public boolean isCompacted() {
    return lifecycle.compacted();
  }

  /**
   * Whether the unit needs its pinned route to be decided on and does not carry it yet: read from
   * the store, before {@link #withRoute}.
   */
  public boolean needsRoute() {
    return !isCompacted() && identity.route().isEmpty();
  }

  /**
   * This state with its pinned route, as looked up by {@link #product()} and {@link
   * #routeRevision()}.
   *
   * @throws IllegalArgumentException if {@code pinned} is another product or revision
   */
  public UnitState withRoute(Route pinned) {
    if (!pinned.getProduct().equals(product()) || !pinned.getRevision().equals(routeRevision())) {
      throw new IllegalArgumentException(
          "unit "
              + serial()
              + " is pinned to "
              + product()
              + " revision "
              + routeRevision()
              + ", not "
              + pinned.getProduct()
              + " revision "
              + pinned.getRevision());
    }
    Identity id = identity;
    return new UnitState(
        new Identity(
            id.serial(),
            id.product(),
            id.workOrder(),
            id.plant(),
            id.routeRevision(),
            Optional.of(pinned)),
        lifecycle,
        progress,
        violations,
        head,
        claimWait);
  }

  // Reading the route.

  /**
   * The route steps in execution order.
   *
   * @throws IllegalStateException if the unit is open and its route was not looked up ({@link
   *     #needsRoute()}): deciding without it would refuse every step
   */
  public List<RouteStep> steps() {
    if (needsRoute()) {
      throw new IllegalStateException(
          "unit " + serial() + " was read without its pinned route " + routeRevision());
    }
    return RouteSteps.inOrder(route());
  }

  /** The step that may start next, if any remains. */
  public Optional<RouteStep> nextStep() {
    List<RouteStep> steps = steps();
    int done = completedSteps().size();
    return done < steps.size() ? Optional.of(steps.get(done)) : Optional.empty();
  }

  public boolean allStepsDone() {
    return route().isPresent() && completedSteps().size() == steps().size() && openStep().isEmpty();
  }

  /** The route step {@code stepId}; rules ask only for steps they already know are in the route. */
  RouteStep routeStep(String stepId) {
    return steps().stream()
        .filter(s -> s.getStepId().equals(stepId))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("open step " + stepId + " not in route"));
  }

  // Shortcuts for the facts most readers ask about.

  public String serial() {
    return identity.serial();
  }

  public String product() {
    return identity.product();
  }

  public String workOrder() {
    return identity.workOrder();
  }

  public String routeRevision() {
    return identity.routeRevision();
  }

  public Optional<Route> route() {
    return identity.route();
  }

  public UnitStatus status() {
    return lifecycle.status();
  }

  public Optional<Instant> closedAt() {
    return lifecycle.closedAt();
  }

  public List<CompletedStep> completedSteps() {
    return progress.completedSteps();
  }

  public Optional<OpenStep> openStep() {
    return progress.openStep();
  }

  public List<InstalledComponent> installed() {
    return progress.installed();
  }

  public List<Deadline> deadlines() {
    return progress.deadlines();
  }

  public List<OpenViolation> openViolations() {
    return violations.open();
  }

  public long seq() {
    return head.seq();
  }

  public String headHash() {
    return head.hash();
  }
}
