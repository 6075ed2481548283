package io.serialtrace.gate.rules;

import io.serialtrace.schemas.GenealogyEdge;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import java.util.List;

/**
 * What a payload rule concluded, before the bookkeeping common to all payloads ({@link
 * RecordAppender}): refused with its findings, or advanced to a next state.
 */
sealed interface Outcome {

  record Refused(List<Finding> findings) implements Outcome {
    public Refused {
      findings = List.copyOf(findings);
    }
  }

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
      implements Outcome {
    public Advanced {
      findings = List.copyOf(findings);
      closedViolations = List.copyOf(closedViolations);
      edges = List.copyOf(edges);
    }
  }

  static Outcome refused(Finding finding) {
    return new Refused(List.of(finding));
  }

  static Outcome refused(ViolationCode code, String message, String stepId) {
    return refused(Finding.at(code, message, stepId));
  }

  /** Accepted with a new state and nothing else to say. */
  static Outcome advanced(UnitState next) {
    return new Advanced(next, List.of(), List.of(), List.of(), false);
  }

  static Outcome advanced(UnitState next, List<Finding> findings) {
    return new Advanced(next, findings, List.of(), List.of(), false);
  }

  static Outcome advanced(UnitState next, GenealogyEdge edge) {
    return new Advanced(next, List.of(), List.of(), List.of(edge), false);
  }
}
