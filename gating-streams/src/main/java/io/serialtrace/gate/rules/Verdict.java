package io.serialtrace.gate.rules;

import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GenealogyEdge;
import io.serialtrace.schemas.UnitCompleted;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.Violation;
import java.util.List;
import java.util.Optional;

/** What the gate decided about one event: the output of {@link GateRules#decide}. */
public sealed interface Verdict {

  GateDecision decision();

  /** Everything to emit on the violations stream, raised or ended. */
  List<Violation> violations();

  /**
   * Refusal notices to remember by violationId, in their state after this event (the gate's notice
   * store): the notices a refusal raised, or the notice an acknowledgement ended.
   */
  List<Violation> notices();

  /**
   * The event is appended to the unit's record.
   *
   * @param next the unit state to store
   * @param record the new, hash-chained UnitRecord
   * @param violations raised although accepted (contemporaneity, tolerance, overdue), and the ends
   *     of violations this event closed: DISPOSITIONED by a Disposition, CLOSED_WITH_UNIT by a
   *     scrap
   * @param edges genealogy edges (INSTALLED on a scan, REMOVED on a removal)
   * @param completed present when this event closed the unit's record
   */
  record Accepted(
      UnitState next,
      GateDecision decision,
      UnitRecord record,
      List<Violation> violations,
      List<GenealogyEdge> edges,
      Optional<UnitCompleted> completed)
      implements Verdict {
    public Accepted {
      violations = List.copyOf(violations);
      edges = List.copyOf(edges);
    }

    @Override
    public List<Violation> notices() {
      return List.of();
    }
  }

  /**
   * The event changed no state; the attempt is answered and, for a NOTICE code, raised on the live
   * stream as a refusal notice (it never enters the record, so it never holds the unit; quality
   * acknowledges it).
   */
  record Rejected(GateDecision decision, List<Violation> violations) implements Verdict {
    public Rejected {
      violations = List.copyOf(violations);
    }

    @Override
    public List<Violation> notices() {
      return violations;
    }
  }

  /**
   * An Acknowledgement ended the notice it names: answered ACCEPTED, the notice re-emitted
   * ACKNOWLEDGED, and nothing appended to any record or unit state.
   */
  record Acknowledged(GateDecision decision, Violation acknowledged) implements Verdict {
    @Override
    public List<Violation> violations() {
      return List.of(acknowledged);
    }

    @Override
    public List<Violation> notices() {
      return List.of(acknowledged);
    }
  }
}
