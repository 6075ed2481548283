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

  List<Violation> violations();

  /**
   * The event is appended to the unit's record.
   *
   * @param next the unit state to store
   * @param record the new, hash-chained UnitRecord
   * @param violations raised although accepted (contemporaneity, tolerance, overdue) and
   *     DISPOSITIONED re-emissions of violations a Disposition closed
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
  }

  /**
   * The event changed no state; the attempt is answered and, for most codes, raised as a violation
   * on the live stream (it never enters the record, so it is not dispositioned).
   */
  record Rejected(GateDecision decision, List<Violation> violations) implements Verdict {
    public Rejected {
      violations = List.copyOf(violations);
    }
  }
}
