package io.serialtrace.gate.rules;

import io.serialtrace.gate.rules.UnitState.CompletedStep;
import io.serialtrace.gate.rules.UnitState.Deadline;
import io.serialtrace.gate.rules.UnitState.InstalledComponent;
import io.serialtrace.gate.rules.UnitState.MeasurementCapture;
import io.serialtrace.gate.rules.UnitState.OpenStep;
import io.serialtrace.gate.rules.UnitState.OpenViolation;
import io.serialtrace.gate.rules.UnitState.SignatureCapture;
import io.serialtrace.schemas.CompletionStatus;
import io.serialtrace.schemas.ComponentRemoved;
import io.serialtrace.schemas.ComponentScanned;
import io.serialtrace.schemas.Correction;
import io.serialtrace.schemas.Disposition;
import io.serialtrace.schemas.DispositionDecision;
import io.serialtrace.schemas.EdgeType;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GateOutcome;
import io.serialtrace.schemas.GenealogyEdge;
import io.serialtrace.schemas.MeasurementRecorded;
import io.serialtrace.schemas.MeasurementRequirement;
import io.serialtrace.schemas.MeasurementSource;
import io.serialtrace.schemas.PartTracking;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.RouteStatus;
import io.serialtrace.schemas.RouteStep;
import io.serialtrace.schemas.ScanRequirement;
import io.serialtrace.schemas.Severity;
import io.serialtrace.schemas.SignatureApplied;
import io.serialtrace.schemas.SignatureRequirement;
import io.serialtrace.schemas.StepCompleted;
import io.serialtrace.schemas.StepStarted;
import io.serialtrace.schemas.UnitCompleted;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.UnitScrapped;
import io.serialtrace.schemas.UnitStarted;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.ViolationDisposition;
import io.serialtrace.schemas.ViolationStatus;
import io.serialtrace.schemas.record.RecordHasher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The gate's decider: pure functions from (unit state, event, route, time) to a {@link Verdict},
 * and from (unit state, time) to the violations time alone raises. The state machine they implement
 * is written down in {@code gating-streams/docs/STATE_MACHINE.md}, which is also the test matrix.
 *
 * <p>Rules never read a clock: {@code now} is passed in (the processor uses the input record's
 * timestamp for events and the punctuation time for the clock), and violation ids are name-based
 * UUIDs of what caused them, so replaying the same input produces the same outputs.
 */
public final class GateRules {

  private final Duration clockSkewTolerance;

  /**
   * @param clockSkewTolerance how far eventTime may be ahead of receivedTime before CLOCK_SKEW:
   *     source and ingest clocks are never perfectly in step
   */
  public GateRules(Duration clockSkewTolerance) {
    this.clockSkewTolerance = Objects.requireNonNull(clockSkewTolerance);
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  /**
   * Decides one event.
   *
   * @param state the unit's state, empty for a serial never started
   * @param event the event, exactly as received
   * @param releasedRoute the product's current route revision (only consulted for UnitStarted)
   * @param now gate time of the decision
   */
  public Verdict decide(
      Optional<UnitState> state,
      ProductionEvent event,
      Optional<Route> releasedRoute,
      Instant now) {
    if (event.getPayload() instanceof UnitStarted started) {
      return start(state, event, started, releasedRoute, now);
    }
    if (state.isEmpty()) {
      return reject(
          event,
          now,
          List.of(
              Finding.of(
                  ViolationCode.UNKNOWN_UNIT, "Unit " + event.getSerial() + " was never started")));
    }
    UnitState unit = state.get();
    if (unit.status().closed() || unit.isCompacted()) {
      return reject(
          event,
          now,
          List.of(
              Finding.of(
                  ViolationCode.UNIT_CLOSED,
                  "Unit " + unit.serial() + " is " + unit.status() + "; its record is closed")));
    }
    Outcome outcome =
        switch (event.getPayload()) {
          case StepStarted p -> stepStarted(unit, event, p);
          case ComponentScanned p -> componentScanned(unit, event, p);
          case MeasurementRecorded p -> measurementRecorded(unit, event, p);
          case SignatureApplied p -> signatureApplied(unit, event, p);
          case StepCompleted p -> stepCompleted(unit, event, p);
          case ComponentRemoved p -> componentRemoved(unit, event, p);
          case Disposition p -> disposition(unit, event, p, now);
          case Correction p -> correction(unit, p);
          case UnitScrapped p -> new Outcome.Advanced(unit, List.of(), List.of(), List.of(), true);
          // The payload is an Avro union surfaced as Object, so the compiler cannot see it is
          // closed; anything else means a schema this gate does not know yet.
          default ->
              new Outcome.Refused(
                  List.of(
                      Finding.of(
                          ViolationCode.MALFORMED_EVENT,
                          "Unknown payload type "
                              + event.getPayload().getClass().getSimpleName())));
        };
    return switch (outcome) {
      case Outcome.Refused refused -> reject(event, now, refused.findings());
      case Outcome.Advanced advanced -> accept(unit, event, advanced, now);
    };
  }

  /** What a payload rule concluded, before record bookkeeping common to all payloads. */
  private sealed interface Outcome {
    record Refused(List<Finding> findings) implements Outcome {}

    /**
     * @param next state after the payload's own change
     * @param findings violations raised although accepted
     * @param closedViolations violations closed by a Disposition, re-emitted DISPOSITIONED
     * @param edges genealogy edges
     * @param scrap the unit is scrapped by this event
     */
    record Advanced(
        UnitState next,
        List<Finding> findings,
        List<Violation> closedViolations,
        List<GenealogyEdge> edges,
        boolean scrap)
        implements Outcome {}
  }

  private Verdict start(
      Optional<UnitState> state,
      ProductionEvent event,
      UnitStarted started,
      Optional<Route> releasedRoute,
      Instant now) {
    if (state.isPresent()) {
      return reject(
          event,
          now,
          List.of(
              Finding.of(
                  ViolationCode.DUPLICATE_SERIAL,
                  "Serial "
                      + event.getSerial()
                      + " already exists ("
                      + state.get().status()
                      + ", work order "
                      + state.get().workOrder()
                      + "): a reissued serial")));
    }
    Optional<Route> route =
        releasedRoute.filter(
            r ->
                r.getStatus() == RouteStatus.RELEASED
                    && r.getProduct().equals(started.getProduct()));
    if (route.isEmpty()) {
      return reject(
          event,
          now,
          List.of(
              Finding.of(
                  ViolationCode.UNKNOWN_ROUTE,
                  "No released route for product " + started.getProduct())));
    }
    Route pinned = route.get();
    UnitState fresh =
        new UnitState(
            event.getSerial(),
            UnitStatus.IN_WORK,
            started.getProduct(),
            started.getWorkOrder(),
            event.getPlant(),
            pinned.getRevision(),
            Optional.of(pinned),
            List.of(),
            Optional.empty(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            0,
            RecordHasher.GENESIS,
            0,
            false,
            event.getStation(),
            now,
            Optional.empty());
    return accept(
        fresh, event, new Outcome.Advanced(fresh, List.of(), List.of(), List.of(), false), now);
  }

  private Outcome stepStarted(UnitState unit, ProductionEvent event, StepStarted p) {
    if (unit.openStep().isPresent()) {
      return refused(
          ViolationCode.STEP_OUT_OF_ORDER,
          "Step "
              + unit.openStep().get().stepId()
              + " is still open; cannot start "
              + p.getStepId(),
          p.getStepId());
    }
    Optional<RouteStep> expected = unit.nextStep();
    if (expected.isEmpty() || !expected.get().getStepId().equals(p.getStepId())) {
      return refused(
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
    Optional<CompletedStep> previous = last(unit.completedSteps());
    if (previous.isPresent() && step.getMinWaitAfterPreviousMillis() != null) {
      Instant earliest =
          previous.get().completedAt().plusMillis(step.getMinWaitAfterPreviousMillis());
      if (startedAt.isBefore(earliest)) {
        return refused(
            ViolationCode.MIN_WAIT_NOT_MET,
            "Step "
                + step.getStepId()
                + " may not start before "
                + earliest
                + " ("
                + step.getMinWaitAfterPreviousMillis()
                + " ms after "
                + previous.get().stepId()
                + ")",
            step.getStepId());
      }
    }
    List<Finding> findings = new ArrayList<>();
    // A max-wait the punctuator has not raised yet (e.g. the start itself arrived late) is raised
    // now, under the same id, so it fires exactly once whichever path sees it first.
    findDeadline(unit, ViolationCode.QUEUE_TIME_EXCEEDED, step.getStepId())
        .filter(d -> startedAt.isAfter(d.due()))
        .ifPresent(d -> findings.add(queueTimeFinding(unit, d)));
    UnitState next =
        unit.withOpenStep(
                Optional.of(new OpenStep(step.getStepId(), startedAt, List.of(), List.of())))
            .withDeadlines(
                ds -> {
                  ds.removeIf(d -> d.stepId().equals(step.getStepId()));
                  if (step.getMaxDurationMillis() != null) {
                    ds.add(
                        new Deadline(
                            ViolationCode.STEP_OVERDUE,
                            step.getStepId(),
                            startedAt.plusMillis(step.getMaxDurationMillis())));
                  }
                  return ds;
                });
    return new Outcome.Advanced(next, findings, List.of(), List.of(), false);
  }

  private Outcome componentScanned(UnitState unit, ProductionEvent event, ComponentScanned p) {
    Optional<String> serial = Optional.ofNullable(p.getComponentSerial());
    Optional<String> lot = Optional.ofNullable(p.getLotId());
    if (serial.isPresent() == lot.isPresent() || p.getQty() <= 0) {
      return refused(
          ViolationCode.MALFORMED_EVENT,
          "A scan carries exactly one of componentSerial or lotId and a positive qty",
          p.getStepId());
    }
    Optional<Outcome> notOpen = requireOpenStep(unit, p.getStepId());
    if (notOpen.isPresent()) {
      return notOpen.get();
    }
    RouteStep step = routeStep(unit, p.getStepId());
    Optional<ScanRequirement> requirement =
        step.getRequiredScans().stream().filter(r -> r.getPart().equals(p.getPart())).findFirst();
    if (requirement.isEmpty()) {
      return refused(
          ViolationCode.WRONG_COMPONENT,
          "Part " + p.getPart() + " is not required by step " + step.getStepId(),
          step.getStepId());
    }
    ScanRequirement req = requirement.get();
    boolean serialized = req.getTracking() == PartTracking.SERIALIZED;
    if (serialized != serial.isPresent()) {
      return refused(
          ViolationCode.WRONG_COMPONENT,
          "Part "
              + p.getPart()
              + " is "
              + req.getTracking()
              + " and must be scanned with "
              + (serialized ? "a component serial" : "a lot id"),
          step.getStepId());
    }
    if (serial.isPresent()
        && unit.installed().stream().anyMatch(c -> c.componentSerial().equals(serial))) {
      return refused(
          ViolationCode.WRONG_COMPONENT,
          "Component " + serial.get() + " is already installed in this unit",
          step.getStepId());
    }
    int already = installedQty(unit, step.getStepId(), p.getPart());
    if (already + p.getQty() > req.getQty()) {
      return refused(
          ViolationCode.WRONG_COMPONENT,
          "Step "
              + step.getStepId()
              + " needs "
              + req.getQty()
              + " of part "
              + p.getPart()
              + "; "
              + already
              + " installed, "
              + p.getQty()
              + " more is too many",
          step.getStepId());
    }
    List<InstalledComponent> installed = new ArrayList<>(unit.installed());
    installed.add(
        new InstalledComponent(
            p.getPart(), serial, lot, p.getQty(), step.getStepId(), event.getEventId()));
    GenealogyEdge edge =
        edge(EdgeType.INSTALLED, event, serial, lot, p.getPart(), p.getQty(), step.getStepId());
    return new Outcome.Advanced(
        unit.withInstalled(installed), List.of(), List.of(), List.of(edge), false);
  }

  private Outcome measurementRecorded(
      UnitState unit, ProductionEvent event, MeasurementRecorded p) {
    Optional<Outcome> notOpen = requireOpenStep(unit, p.getStepId());
    if (notOpen.isPresent()) {
      return notOpen.get();
    }
    RouteStep step = routeStep(unit, p.getStepId());
    Optional<MeasurementRequirement> requirement =
        step.getRequiredMeasurements().stream()
            .filter(r -> r.getCharacteristic().equals(p.getCharacteristic()))
            .findFirst();
    if (requirement.isEmpty()) {
      return refused(
          ViolationCode.MALFORMED_EVENT,
          "Characteristic "
              + p.getCharacteristic()
              + " is not measured in step "
              + step.getStepId(),
          step.getStepId());
    }
    MeasurementRequirement req = requirement.get();
    if (!req.getUnit().equals(p.getUnit())) {
      return refused(
          ViolationCode.MALFORMED_EVENT,
          p.getCharacteristic() + " must be given in " + req.getUnit() + ", not " + p.getUnit(),
          step.getStepId());
    }
    List<Finding> refusals = new ArrayList<>();
    Optional<Measurement> measured = Optional.of(measurement(p, req));
    if (req.getSource() == MeasurementSource.DEVICE && p.getDeviceId() == null) {
      refusals.add(
          new Finding(
              ViolationCode.MANUAL_ENTRY_NOT_ALLOWED,
              p.getCharacteristic() + " must come from a device; a typed value is not accepted",
              Optional.of(step.getStepId()),
              measured,
              Optional.empty()));
    }
    if (p.getDeviceId() != null
        && p.getCalibrationDue() != null
        && p.getCalibrationDue().isBefore(event.getEventTime())) {
      refusals.add(
          new Finding(
              ViolationCode.CALIBRATION_EXPIRED,
              "Device "
                  + p.getDeviceId()
                  + " was past its calibration due time "
                  + p.getCalibrationDue()
                  + " when it measured",
              Optional.of(step.getStepId()),
              measured,
              Optional.empty()));
    }
    if (!refusals.isEmpty()) {
      return new Outcome.Refused(refusals);
    }
    boolean inTolerance =
        (req.getLsl() == null || p.getValue() >= req.getLsl())
            && (req.getUsl() == null || p.getValue() <= req.getUsl());
    OpenStep open = unit.openStep().orElseThrow();
    List<MeasurementCapture> captures = new ArrayList<>(open.measurements());
    captures.removeIf(c -> c.characteristic().equals(p.getCharacteristic()));
    captures.add(new MeasurementCapture(p.getCharacteristic(), p.getValue(), inTolerance));
    UnitState next =
        unit.withOpenStep(
            Optional.of(
                new OpenStep(open.stepId(), open.startedAt(), captures, open.signatures())));
    List<Finding> findings = new ArrayList<>();
    if (inTolerance) {
      // A passing re-measure lifts the block on the step; the breach itself stays open for review.
      next =
          next.withOpenViolations(
              next.openViolations().stream()
                  .map(
                      v ->
                          v.code() == ViolationCode.TOLERANCE_BREACH
                                  && v.stepId().equals(Optional.of(step.getStepId()))
                                  && v.characteristic().equals(Optional.of(p.getCharacteristic()))
                              ? new OpenViolation(
                                  v.violationId(),
                                  v.code(),
                                  v.stepId(),
                                  v.characteristic(),
                                  false,
                                  v.raised())
                              : v)
                  .toList(),
              0);
    } else {
      findings.add(
          new Finding(
              ViolationCode.TOLERANCE_BREACH,
              p.getCharacteristic()
                  + " = "
                  + p.getValue()
                  + " "
                  + p.getUnit()
                  + " is outside ["
                  + Objects.toString(req.getLsl(), "-inf")
                  + ", "
                  + Objects.toString(req.getUsl(), "+inf")
                  + "]",
              Optional.of(step.getStepId()),
              measured,
              Optional.empty()));
    }
    return new Outcome.Advanced(next, findings, List.of(), List.of(), false);
  }

  private Outcome signatureApplied(UnitState unit, ProductionEvent event, SignatureApplied p) {
    Optional<Outcome> notOpen = requireOpenStep(unit, p.getStepId());
    if (notOpen.isPresent()) {
      return notOpen.get();
    }
    RouteStep step = routeStep(unit, p.getStepId());
    List<Finding> refusals = new ArrayList<>();
    Optional<SignatureRequirement> requirement =
        step.getRequiredSignatures().stream()
            .filter(r -> r.getMeaning().equals(p.getMeaning()))
            .findFirst();
    if (requirement.isEmpty()) {
      refusals.add(
          Finding.at(
              ViolationCode.SIGNATURE_INVALID,
              "Meaning " + p.getMeaning() + " is not required by step " + step.getStepId(),
              step.getStepId()));
    } else if (!requirement.get().getRole().equals(p.getSignerRole())) {
      refusals.add(
          Finding.at(
              ViolationCode.SIGNATURE_INVALID,
              p.getMeaning()
                  + " must be signed as "
                  + requirement.get().getRole()
                  + ", not "
                  + p.getSignerRole(),
              step.getStepId()));
    }
    if (!p.getSignedRecordHash().equals(unit.headHash())) {
      // 21 CFR 11.70: the signature must be bound to the record the signer actually saw.
      refusals.add(
          Finding.at(
              ViolationCode.SIGNATURE_INVALID,
              "Signed record hash is not the current record head (seq " + unit.seq() + ")",
              step.getStepId()));
    }
    if (!refusals.isEmpty()) {
      return new Outcome.Refused(refusals);
    }
    OpenStep open = unit.openStep().orElseThrow();
    List<SignatureCapture> signatures = new ArrayList<>(open.signatures());
    signatures.add(new SignatureCapture(p.getMeaning(), p.getSignerRole(), p.getSignerId()));
    return new Outcome.Advanced(
        unit.withOpenStep(
            Optional.of(
                new OpenStep(open.stepId(), open.startedAt(), open.measurements(), signatures))),
        List.of(),
        List.of(),
        List.of(),
        false);
  }

  private Outcome stepCompleted(UnitState unit, ProductionEvent event, StepCompleted p) {
    Optional<Outcome> notOpen = requireOpenStep(unit, p.getStepId());
    if (notOpen.isPresent()) {
      return notOpen.get();
    }
    RouteStep step = routeStep(unit, p.getStepId());
    OpenStep open = unit.openStep().orElseThrow();
    List<Finding> missing = missingFor(unit, step, open);
    if (!missing.isEmpty()) {
      return new Outcome.Refused(missing);
    }
    Instant completedAt = event.getEventTime();
    List<Finding> findings = new ArrayList<>();
    findDeadline(unit, ViolationCode.STEP_OVERDUE, step.getStepId())
        .filter(d -> completedAt.isAfter(d.due()))
        .ifPresent(d -> findings.add(overdueFinding(unit, d)));
    List<CompletedStep> done = new ArrayList<>(unit.completedSteps());
    done.add(new CompletedStep(step.getStepId(), open.startedAt(), completedAt));
    UnitState next = unit.withCompletedSteps(done).withOpenStep(Optional.empty());
    Optional<RouteStep> following = next.nextStep();
    next =
        next.withDeadlines(
            ds -> {
              ds.removeIf(d -> d.stepId().equals(step.getStepId()));
              following
                  .filter(f -> f.getMaxWaitAfterPreviousMillis() != null)
                  .ifPresent(
                      f ->
                          ds.add(
                              new Deadline(
                                  ViolationCode.QUEUE_TIME_EXCEEDED,
                                  f.getStepId(),
                                  completedAt.plusMillis(f.getMaxWaitAfterPreviousMillis()))));
              return ds;
            });
    return new Outcome.Advanced(next, findings, List.of(), List.of(), false);
  }

  /** What the open step still lacks before it may complete, in the order completion checks it. */
  private static List<Finding> missingFor(UnitState unit, RouteStep step, OpenStep open) {
    List<Finding> missing = new ArrayList<>();
    for (ScanRequirement scan : step.getRequiredScans()) {
      int have = installedQty(unit, step.getStepId(), scan.getPart());
      if (have < scan.getQty()) {
        missing.add(
            Finding.at(
                ViolationCode.MISSING_CAPTURE,
                "Scan of part " + scan.getPart() + ": " + have + " of " + scan.getQty(),
                step.getStepId()));
      }
    }
    for (MeasurementRequirement m : step.getRequiredMeasurements()) {
      boolean measured =
          open.measurements().stream()
              .anyMatch(c -> c.characteristic().equals(m.getCharacteristic()));
      boolean blocked =
          unit.openViolations().stream()
              .anyMatch(
                  v ->
                      v.blocksStep()
                          && v.stepId().equals(Optional.of(step.getStepId()))
                          && v.characteristic().equals(Optional.of(m.getCharacteristic())));
      if (!measured) {
        missing.add(
            Finding.at(
                ViolationCode.MISSING_CAPTURE,
                "Measurement of " + m.getCharacteristic(),
                step.getStepId()));
      } else if (blocked) {
        missing.add(
            Finding.at(
                ViolationCode.TOLERANCE_BREACH,
                m.getCharacteristic()
                    + " is out of tolerance: re-measure in tolerance or disposition the breach",
                step.getStepId()));
      }
    }
    for (SignatureRequirement s : step.getRequiredSignatures()) {
      boolean signed =
          open.signatures().stream()
              .anyMatch(c -> c.meaning().equals(s.getMeaning()) && c.role().equals(s.getRole()));
      if (!signed) {
        missing.add(
            Finding.at(
                ViolationCode.MISSING_CAPTURE,
                "Signature " + s.getMeaning() + " by " + s.getRole(),
                step.getStepId()));
      }
    }
    return missing;
  }

  /**
   * What the open step still lacks before it may complete (scans, measurements, signatures, or a
   * blocking tolerance breach), as the refusal of a StepCompleted sent now would word it. Empty
   * when no step is open or it may complete: the station's "what is missing for this unit".
   */
  public static List<String> stillMissing(UnitState unit) {
    return unit
        .openStep()
        .map(open -> missingFor(unit, routeStep(unit, open.stepId()), open))
        .orElse(List.of())
        .stream()
        .map(Finding::message)
        .toList();
  }

  /**
   * Holds a unit for a violation raised about it outside its own events (COMPONENT_REUSED,
   * COMPONENT_NOT_RELEASED from the component-keyed sub-topology): the violation becomes open on
   * the unit like one raised on an accepted event, so the unit goes on HOLD at its last step and a
   * signed Disposition can close it. Empty when nothing changes: the unit is unknown, closed or
   * compacted (its record is final; the violation stays on the live stream for review), or the
   * violation is already open on it (a redelivery).
   */
  public Optional<UnitState> hold(Optional<UnitState> state, Violation violation) {
    if (state.isEmpty()) {
      return Optional.empty();
    }
    UnitState unit = state.get();
    if (unit.status().closed()
        || unit.isCompacted()
        || unit.openViolations().stream()
            .anyMatch(v -> v.violationId().equals(violation.getViolationId()))) {
      return Optional.empty();
    }
    List<OpenViolation> open = new ArrayList<>(unit.openViolations());
    open.add(
        new OpenViolation(
            violation.getViolationId(),
            violation.getCode(),
            Optional.ofNullable(violation.getStepId()),
            Optional.empty(),
            false,
            violation));
    return Optional.of(unit.withOpenViolations(open, 1));
  }

  private Outcome componentRemoved(UnitState unit, ProductionEvent event, ComponentRemoved p) {
    Optional<String> serial = Optional.ofNullable(p.getComponentSerial());
    Optional<String> lot = Optional.ofNullable(p.getLotId());
    if (serial.isPresent() == lot.isPresent() || p.getQty() <= 0) {
      return new Outcome.Refused(
          List.of(
              Finding.of(
                  ViolationCode.MALFORMED_EVENT,
                  "A removal carries exactly one of componentSerial or lotId and a positive qty")));
    }
    Optional<InstalledComponent> found =
        unit.installed().stream()
            .filter(
                c ->
                    serial.isPresent() ? c.componentSerial().equals(serial) : c.lotId().equals(lot))
            .findFirst();
    if (found.isEmpty()) {
      return new Outcome.Refused(
          List.of(
              Finding.of(
                  ViolationCode.WRONG_COMPONENT,
                  serial.map(s -> "Component " + s).orElseGet(() -> "Lot " + lot.orElseThrow())
                      + " is not installed in this unit")));
    }
    InstalledComponent installed = found.get();
    int qty = serial.isPresent() ? installed.qty() : p.getQty();
    if (qty > installed.qty()) {
      return new Outcome.Refused(
          List.of(
              Finding.at(
                  ViolationCode.WRONG_COMPONENT,
                  "Only " + installed.qty() + " of lot " + lot.orElseThrow() + " are installed",
                  installed.stepId())));
    }
    List<InstalledComponent> remaining = new ArrayList<>(unit.installed());
    remaining.remove(installed);
    if (qty < installed.qty()) {
      remaining.add(
          new InstalledComponent(
              installed.part(),
              installed.componentSerial(),
              installed.lotId(),
              installed.qty() - qty,
              installed.stepId(),
              installed.eventId()));
    }
    // The REMOVED edge names the step the part had been installed in, as the schema promises.
    GenealogyEdge edge =
        edge(EdgeType.REMOVED, event, serial, lot, installed.part(), qty, installed.stepId());
    return new Outcome.Advanced(
        unit.withInstalled(remaining), List.of(), List.of(), List.of(edge), false);
  }

  private Outcome disposition(UnitState unit, ProductionEvent event, Disposition p, Instant now) {
    Optional<OpenViolation> target =
        unit.openViolations().stream()
            .filter(v -> v.violationId().equals(p.getViolationId()))
            .findFirst();
    if (target.isEmpty()) {
      return new Outcome.Refused(
          List.of(
              Finding.of(
                  ViolationCode.UNKNOWN_VIOLATION,
                  "Violation " + p.getViolationId() + " is not open on unit " + unit.serial())));
    }
    List<Finding> refusals = new ArrayList<>();
    if (p.getSignerRole().isBlank()) {
      refusals.add(
          Finding.of(ViolationCode.SIGNATURE_INVALID, "A disposition needs a signer role"));
    }
    if (!p.getSignedRecordHash().equals(unit.headHash())) {
      refusals.add(
          Finding.of(
              ViolationCode.SIGNATURE_INVALID,
              "Signed record hash is not the current record head (seq " + unit.seq() + ")"));
    }
    if (!refusals.isEmpty()) {
      return new Outcome.Refused(refusals);
    }
    OpenViolation closing = target.get();
    Violation dispositioned =
        Violation.newBuilder(closing.raised())
            .setStatus(ViolationStatus.DISPOSITIONED)
            .setDisposition(
                ViolationDisposition.newBuilder()
                    .setDecision(p.getDecision())
                    .setEventId(event.getEventId())
                    .setSignerId(p.getSignerId())
                    .setSignerName(p.getSignerName())
                    .setReason(p.getReason())
                    .setDispositionedAt(event.getEventTime())
                    .build())
            .build();
    List<OpenViolation> open = new ArrayList<>(unit.openViolations());
    open.remove(closing);
    return new Outcome.Advanced(
        unit.withOpenViolations(open, 0),
        List.of(),
        List.of(dispositioned),
        List.of(),
        p.getDecision() == DispositionDecision.SCRAP);
  }

  private Outcome correction(UnitState unit, Correction p) {
    // The original stays in the record untouched; the correction is appended after it.
    if (!unit.recordedEventIds().contains(p.getCorrectsEventId())) {
      return new Outcome.Refused(
          List.of(
              Finding.of(
                  ViolationCode.UNKNOWN_EVENT,
                  "Event "
                      + p.getCorrectsEventId()
                      + " is not in the record of "
                      + unit.serial())));
    }
    return new Outcome.Advanced(unit, List.of(), List.of(), List.of(), false);
  }

  // ---------------------------------------------------------------------------------------------
  // Common bookkeeping

  private Verdict accept(
      UnitState unit, ProductionEvent event, Outcome.Advanced advanced, Instant now) {
    List<Finding> findings = new ArrayList<>(contemporaneity(unit, event));
    findings.addAll(advanced.findings());
    long seq = unit.seq() + 1;
    String recordHash = RecordHasher.hash(event.getSerial(), seq, unit.headHash(), event);
    UnitRecord record =
        UnitRecord.newBuilder()
            .setSerial(event.getSerial())
            .setSeq(seq)
            .setPrevHash(unit.headHash())
            .setRecordHash(recordHash)
            .setRouteProduct(unit.product())
            .setRouteRevision(unit.routeRevision())
            .setEvent(event)
            .setRecordedAt(now)
            .build();
    List<Violation> raised = new ArrayList<>();
    List<OpenViolation> open = new ArrayList<>(advanced.next().openViolations());
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      Violation v = eventViolation(event, f, i, now);
      raised.add(v);
      open.add(
          new OpenViolation(
              v.getViolationId(),
              f.code(),
              f.stepId(),
              f.measurement().map(Measurement::characteristic),
              f.code() == ViolationCode.TOLERANCE_BREACH,
              v));
    }
    UnitState next =
        advanced
            .next()
            .withOpenViolations(open, raised.size())
            .appended(event.getEventId(), seq, recordHash, event.getStation(), now);
    Optional<CompletionStatus> completion = Optional.empty();
    if (advanced.scrap()) {
      next = next.closed(UnitStatus.SCRAPPED, now);
      completion = Optional.of(CompletionStatus.SCRAPPED);
    } else if (next.allStepsDone()) {
      if (next.openViolations().isEmpty()) {
        completion =
            Optional.of(
                next.everHeld()
                    ? CompletionStatus.RELEASED_AFTER_DISPOSITION
                    : CompletionStatus.COMPLETED);
        next = next.closed(UnitStatus.COMPLETED, now);
      } else {
        next = next.withStatus(UnitStatus.HOLD);
      }
    }
    UnitState closedState = next;
    Optional<UnitCompleted> completed =
        completion.map(
            status ->
                UnitCompleted.newBuilder()
                    .setSerial(closedState.serial())
                    .setProduct(closedState.product())
                    .setWorkOrder(closedState.workOrder())
                    .setRouteRevision(closedState.routeRevision())
                    .setPlant(event.getPlant())
                    .setCompletedAt(now)
                    .setRecordHead(recordHash)
                    .setRecordCount(seq)
                    .setStatus(status)
                    .setViolationCount(closedState.violationCount())
                    .build());
    List<Violation> outputs = new ArrayList<>(advanced.closedViolations());
    outputs.addAll(raised);
    GateDecision decision = decision(event, GateOutcome.ACCEPTED, findings, now, Optional.of(seq));
    return new Verdict.Accepted(next, decision, record, outputs, advanced.edges(), completed);
  }

  private Verdict reject(ProductionEvent event, Instant now, List<Finding> findings) {
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      if (raisesViolation(f.code())) {
        violations.add(eventViolation(event, f, i, now));
      }
    }
    return new Verdict.Rejected(
        decision(event, GateOutcome.REJECTED, findings, now, Optional.empty()), violations);
  }

  private List<Finding> contemporaneity(UnitState unit, ProductionEvent event) {
    Duration lag = Duration.between(event.getEventTime(), event.getReceivedTime());
    if (lag.isNegative() && lag.negated().compareTo(clockSkewTolerance) > 0) {
      return List.of(
          Finding.of(
              ViolationCode.CLOCK_SKEW,
              "eventTime is "
                  + lag.negated().toMillis()
                  + " ms after receivedTime (tolerance "
                  + clockSkewTolerance.toMillis()
                  + " ms): the source clock is ahead"));
    }
    long maxLag = unit.route().map(Route::getMaxEntryLagMillis).orElse(Long.MAX_VALUE);
    if (lag.toMillis() > maxLag) {
      return List.of(
          Finding.of(
              ViolationCode.LATE_ENTRY,
              "Entered "
                  + lag.toMillis()
                  + " ms after the work happened; the route allows "
                  + maxLag
                  + " ms"));
    }
    return List.of();
  }

  // ---------------------------------------------------------------------------------------------
  // Time

  /**
   * Raises the deadlines of {@code state} due at or before {@code now}: STEP_OVERDUE when the step
   * is still open, QUEUE_TIME_EXCEEDED when the next step has not started. Each deadline is removed
   * as it is looked at, so it fires at most once; a deadline whose condition no longer holds is
   * dropped silently.
   */
  public ClockResult onClock(UnitState state, Instant now) {
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
      boolean stillHolds =
          switch (d.code()) {
            case STEP_OVERDUE ->
                state.openStep().map(s -> s.stepId().equals(d.stepId())).orElse(false);
            case QUEUE_TIME_EXCEEDED ->
                state.openStep().isEmpty()
                    && state.nextStep().map(s -> s.getStepId().equals(d.stepId())).orElse(false);
            default -> false;
          };
      if (!stillHolds) {
        continue;
      }
      Finding f =
          d.code() == ViolationCode.STEP_OVERDUE
              ? overdueFinding(state, d)
              : queueTimeFinding(state, d);
      Violation v = clockViolation(state, f, now);
      raised.add(v);
      open.add(
          new OpenViolation(v.getViolationId(), f.code(), f.stepId(), Optional.empty(), false, v));
    }
    UnitState next =
        state
            .withDeadlines(
                ds -> {
                  ds.removeAll(due);
                  return ds;
                })
            .withOpenViolations(open, raised.size());
    return new ClockResult(next, raised);
  }

  private static Finding overdueFinding(UnitState unit, Deadline d) {
    return new Finding(
        ViolationCode.STEP_OVERDUE,
        "Step " + d.stepId() + " was still open at its due time " + d.due(),
        Optional.of(d.stepId()),
        Optional.empty(),
        Optional.of(deadlineId(unit.serial(), d)));
  }

  private static Finding queueTimeFinding(UnitState unit, Deadline d) {
    return new Finding(
        ViolationCode.QUEUE_TIME_EXCEEDED,
        "Step "
            + d.stepId()
            + " had not started by "
            + d.due()
            + " (max wait after the previous step)",
        Optional.of(d.stepId()),
        Optional.empty(),
        Optional.of(deadlineId(unit.serial(), d)));
  }

  /** One id per (serial, code, step): the same whether the clock or a late event raises it. */
  private static UUID deadlineId(String serial, Deadline d) {
    return nameUuid(serial + "/" + d.code() + "/" + d.stepId());
  }

  // ---------------------------------------------------------------------------------------------
  // Building outputs

  /**
   * What one rule found.
   *
   * @param fixedId an id independent of the event (deadline violations), else derived from the
   *     event id, the code and the finding's position
   */
  private record Finding(
      ViolationCode code,
      String message,
      Optional<String> stepId,
      Optional<Measurement> measurement,
      Optional<UUID> fixedId) {
    static Finding of(ViolationCode code, String message) {
      return new Finding(code, message, Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Finding at(ViolationCode code, String message, String stepId) {
      return new Finding(code, message, Optional.of(stepId), Optional.empty(), Optional.empty());
    }
  }

  private record Measurement(
      String characteristic,
      double value,
      Optional<Double> lsl,
      Optional<Double> usl,
      String unit) {}

  private static Measurement measurement(MeasurementRecorded p, MeasurementRequirement req) {
    return new Measurement(
        p.getCharacteristic(),
        p.getValue(),
        Optional.ofNullable(req.getLsl()),
        Optional.ofNullable(req.getUsl()),
        p.getUnit());
  }

  private static Outcome refused(ViolationCode code, String message, String stepId) {
    return new Outcome.Refused(List.of(Finding.at(code, message, stepId)));
  }

  private static Optional<Outcome> requireOpenStep(UnitState unit, String stepId) {
    Optional<String> open = unit.openStep().map(OpenStep::stepId);
    if (open.equals(Optional.of(stepId))) {
      return Optional.empty();
    }
    return Optional.of(
        refused(
            ViolationCode.STEP_OUT_OF_ORDER,
            "Step " + stepId + " is not the open step (" + open.orElse("none open") + ")",
            stepId));
  }

  private static RouteStep routeStep(UnitState unit, String stepId) {
    return unit.steps().stream()
        .filter(s -> s.getStepId().equals(stepId))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("open step " + stepId + " not in route"));
  }

  private static int installedQty(UnitState unit, String stepId, String part) {
    return unit.installed().stream()
        .filter(c -> c.stepId().equals(stepId) && c.part().equals(part))
        .mapToInt(InstalledComponent::qty)
        .sum();
  }

  private static Optional<Deadline> findDeadline(
      UnitState unit, ViolationCode code, String stepId) {
    return unit.deadlines().stream()
        .filter(d -> d.code() == code && d.stepId().equals(stepId))
        .findFirst();
  }

  private static <T> Optional<T> last(List<T> list) {
    return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
  }

  private static GenealogyEdge edge(
      EdgeType type,
      ProductionEvent event,
      Optional<String> serial,
      Optional<String> lot,
      String part,
      int qty,
      String stepId) {
    return GenealogyEdge.newBuilder()
        .setEdgeType(type)
        .setParentSerial(event.getSerial())
        .setChildSerial(serial.orElse(null))
        .setLotId(lot.orElse(null))
        .setPart(part)
        .setQty(qty)
        .setStepId(stepId)
        .setPlant(event.getPlant())
        .setEventId(event.getEventId())
        .setEventTime(event.getEventTime())
        .build();
  }

  private static GateDecision decision(
      ProductionEvent event,
      GateOutcome outcome,
      List<Finding> findings,
      Instant now,
      Optional<Long> seq) {
    return GateDecision.newBuilder()
        .setEventId(event.getEventId())
        .setSerial(event.getSerial())
        .setDecision(outcome)
        .setRedelivered(false)
        .setReasons(findings.stream().map(Finding::code).toList())
        .setMessages(findings.stream().map(Finding::message).toList())
        .setDecidedAt(now)
        .setRecordSeq(seq.orElse(null))
        .setReplyTo(event.getReplyTo())
        .build();
  }

  /** A violation caused by an event; its id derives from the event, the code and the position. */
  private static Violation eventViolation(
      ProductionEvent event, Finding f, int index, Instant now) {
    UUID id =
        f.fixedId().orElseGet(() -> nameUuid(event.getEventId() + "/" + f.code() + "/" + index));
    return base(f, id, event.getSerial(), event.getPlant(), event.getStation(), now)
        .setEventId(event.getEventId())
        .setEventTime(event.getEventTime())
        .setReceivedTime(event.getReceivedTime())
        .build();
  }

  /** A violation raised by time alone: no causing event, so no event fields. */
  private static Violation clockViolation(UnitState unit, Finding f, Instant now) {
    return base(f, f.fixedId().orElseThrow(), unit.serial(), unit.plant(), unit.lastStation(), now)
        .build();
  }

  private static Violation.Builder base(
      Finding f, UUID id, String serial, String plant, String station, Instant now) {
    Violation.Builder b =
        Violation.newBuilder()
            .setViolationId(id)
            .setSerial(serial)
            .setPlant(plant)
            .setStation(station)
            .setCode(f.code())
            .setSeverity(severity(f.code()))
            .setStepId(f.stepId().orElse(null))
            .setDetail(f.message())
            .setDetectedAt(now)
            .setStatus(ViolationStatus.OPEN);
    f.measurement()
        .ifPresent(
            m ->
                b.setCharacteristic(m.characteristic())
                    .setMeasuredValue(m.value())
                    .setLsl(m.lsl().orElse(null))
                    .setUsl(m.usl().orElse(null))
                    .setUnit(m.unit()));
    return b;
  }

  /** Whether a code, when it refuses an event, is also raised on the violations stream. */
  static boolean raisesViolation(ViolationCode code) {
    return switch (code) {
      // Refusals that say nothing about the product or the process: answered, not raised.
      case UNIT_CLOSED, MALFORMED_EVENT, UNKNOWN_VIOLATION, UNKNOWN_EVENT -> false;
      // A refused completion over an existing, already raised breach must not raise it again.
      case TOLERANCE_BREACH -> false;
      case UNKNOWN_UNIT,
          DUPLICATE_SERIAL,
          UNKNOWN_ROUTE,
          STEP_OUT_OF_ORDER,
          MISSING_CAPTURE,
          WRONG_COMPONENT,
          MANUAL_ENTRY_NOT_ALLOWED,
          CALIBRATION_EXPIRED,
          SIGNATURE_INVALID,
          LATE_ENTRY,
          CLOCK_SKEW,
          STEP_OVERDUE,
          QUEUE_TIME_EXCEEDED,
          MIN_WAIT_NOT_MET,
          COMPONENT_REUSED,
          COMPONENT_NOT_RELEASED ->
          true;
    };
  }

  /** Seriousness of a code; a switch without default so a new code must be classified. */
  public static Severity severity(ViolationCode code) {
    return switch (code) {
      case LATE_ENTRY, CLOCK_SKEW, UNKNOWN_EVENT, UNKNOWN_VIOLATION, MALFORMED_EVENT, UNIT_CLOSED ->
          Severity.MINOR;
      case UNKNOWN_UNIT,
          UNKNOWN_ROUTE,
          STEP_OUT_OF_ORDER,
          MISSING_CAPTURE,
          WRONG_COMPONENT,
          TOLERANCE_BREACH,
          MANUAL_ENTRY_NOT_ALLOWED,
          CALIBRATION_EXPIRED,
          STEP_OVERDUE,
          QUEUE_TIME_EXCEEDED,
          MIN_WAIT_NOT_MET ->
          Severity.MAJOR;
      case DUPLICATE_SERIAL, SIGNATURE_INVALID, COMPONENT_REUSED, COMPONENT_NOT_RELEASED ->
          Severity.CRITICAL;
    };
  }

  /** Name-based (type 3) UUID: the same cause always yields the same violation id. */
  public static UUID nameUuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }
}
