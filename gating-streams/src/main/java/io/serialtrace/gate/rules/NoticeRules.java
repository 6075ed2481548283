package io.serialtrace.gate.rules;

import io.serialtrace.schemas.Acknowledgement;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationAcknowledgement;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.violation.ViolationLifecycle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refusal notices: a violation raised by a refused event never holds its unit (nothing entered the
 * record); quality ends it with a signed Acknowledgement, decided here whatever the unit's status,
 * or it expires when the gate stops remembering it. Neither appends to a record nor changes a unit.
 */
final class NoticeRules {

  private NoticeRules() {}

  /**
   * @param state the state of the event's serial, only to name a holding violation in a refusal
   * @param namedNotice what the gate remembers under the acknowledgement's violationId: the notice,
   *     open or already ended; empty when it was never raised as a notice or was forgotten
   */
  static Verdict acknowledge(
      Optional<UnitState> state,
      Optional<Violation> namedNotice,
      ProductionEvent event,
      Acknowledgement p,
      Instant now) {
    // Another serial's or another plant's notice is answered as unknown: it does not exist here.
    Optional<Violation> notice =
        namedNotice.filter(
            n -> n.getSerial().equals(event.getSerial()) && n.getPlant().equals(event.getPlant()));
    if (notice.isEmpty()) {
      return refuse(event, now, unknown(state, event, p));
    }
    if (!ViolationLifecycle.isOpen(notice.get().getStatus())) {
      return refuse(event, now, alreadyEnded(notice.get()));
    }
    List<Finding> refusals = new ArrayList<>();
    if (p.getSignerRole().isBlank()) {
      refusals.add(
          Finding.of(ViolationCode.SIGNATURE_INVALID, "An acknowledgement needs a signer role"));
    }
    if (p.getMeaning().isBlank()) {
      refusals.add(
          Finding.of(
              ViolationCode.SIGNATURE_INVALID,
              "An acknowledgement needs the meaning of its signature (e.g. REVIEWED)"));
    }
    if (!refusals.isEmpty()) {
      return RecordAppender.refuse(event, now, refusals);
    }
    return RecordAppender.acknowledged(
        event, RaisedViolations.acknowledged(notice.get(), event, p, now), now);
  }

  /** The end of a notice whose retention passed: EXPIRED if still open, nothing if it ended. */
  static Optional<Violation> expire(Violation notice, Instant now) {
    return ViolationLifecycle.isOpen(notice.getStatus())
        ? Optional.of(RaisedViolations.expired(notice, now))
        : Optional.empty();
  }

  private static Finding unknown(
      Optional<UnitState> state, ProductionEvent event, Acknowledgement p) {
    boolean holding =
        state.stream()
            .flatMap(u -> u.openViolations().stream())
            .anyMatch(v -> v.violationId().equals(p.getViolationId()));
    return Finding.of(
        ViolationCode.UNKNOWN_VIOLATION,
        holding
            ? "Violation "
                + p.getViolationId()
                + " holds unit "
                + event.getSerial()
                + ": it ends by a signed disposition, not an acknowledgement"
            : "Violation "
                + p.getViolationId()
                + " is not a refusal notice of serial "
                + event.getSerial()
                + " in plant "
                + event.getPlant()
                + " (never raised as one, or ended longer ago than the gate remembers notices)");
  }

  private static Finding alreadyEnded(Violation notice) {
    String how =
        Optional.ofNullable(notice.getAcknowledgement())
            .map(NoticeRules::describe)
            .orElse(notice.getStatus().name());
    return Finding.of(
        ViolationCode.UNKNOWN_VIOLATION,
        "Notice " + notice.getViolationId() + " has already ended: " + how);
  }

  private static String describe(ViolationAcknowledgement a) {
    return "ACKNOWLEDGED ("
        + a.getMeaning()
        + ") by "
        + a.getSignerName()
        + " at "
        + a.getAcknowledgedAt();
  }

  private static Verdict refuse(ProductionEvent event, Instant now, Finding finding) {
    return RecordAppender.refuse(event, now, List.of(finding));
  }
}
