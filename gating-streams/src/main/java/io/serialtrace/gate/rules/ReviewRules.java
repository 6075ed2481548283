package io.serialtrace.gate.rules;

import io.serialtrace.gate.rules.UnitState.OpenViolation;
import io.serialtrace.schemas.Correction;
import io.serialtrace.schemas.Disposition;
import io.serialtrace.schemas.DispositionDecision;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Review by exception: violations open on a unit hold it at its last step until a signed
 * Disposition closes each (SCRAP also scraps the unit, which closes the others with it); a
 * Correction is appended beside the event it corrects, which stays in the record untouched.
 */
final class ReviewRules {

  private ReviewRules() {}

  /**
   * @param namedNotice the refusal notice with the disposition's violationId, if the gate remembers
   *     one: a notice is acknowledged, not dispositioned, and the refusal says so
   */
  static Outcome disposition(
      UnitState unit,
      ProductionEvent event,
      Disposition p,
      Optional<Violation> namedNotice,
      Instant now) {
    Optional<OpenViolation> target =
        unit.openViolations().stream()
            .filter(v -> v.violationId().equals(p.getViolationId()))
            .findFirst();
    if (target.isEmpty()) {
      String why =
          namedNotice.isPresent()
              ? " is a refusal notice, which never holds the unit: it ends by a signed"
                  + " acknowledgement, not a disposition"
              : " is not open on unit " + unit.serial();
      return Outcome.refused(
          Finding.of(ViolationCode.UNKNOWN_VIOLATION, "Violation " + p.getViolationId() + why));
    }
    List<Finding> refusals = new ArrayList<>();
    if (p.getSignerRole().isBlank()) {
      refusals.add(
          Finding.of(ViolationCode.SIGNATURE_INVALID, "A disposition needs a signer role"));
    }
    SignatureRules.boundToHead(unit, p.getSignedRecordHash(), Optional.empty())
        .ifPresent(refusals::add);
    if (!refusals.isEmpty()) {
      return new Outcome.Refused(refusals);
    }
    OpenViolation closing = target.get();
    List<OpenViolation> open = new ArrayList<>(unit.openViolations());
    open.remove(closing);
    return new Outcome.Advanced(
        unit.withViolations(unit.violations().withOpen(open, 0)),
        List.of(),
        List.of(RaisedViolations.dispositioned(closing.raised(), event, p, now)),
        List.of(),
        p.getDecision() == DispositionDecision.SCRAP);
  }

  static Outcome correction(UnitState unit, Correction p) {
    // The original stays in the record untouched; the correction is appended after it.
    if (!unit.head().recordedEventIds().contains(p.getCorrectsEventId())) {
      return Outcome.refused(
          Finding.of(
              ViolationCode.UNKNOWN_EVENT,
              "Event " + p.getCorrectsEventId() + " is not in the record of " + unit.serial()));
    }
    return Outcome.advanced(unit);
  }
}
