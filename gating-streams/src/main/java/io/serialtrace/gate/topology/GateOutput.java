package io.serialtrace.gate.topology;

import io.serialtrace.gate.rules.ComponentFact;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GenealogyEdge;
import io.serialtrace.schemas.RecordCheckpoint;
import io.serialtrace.schemas.UnitCompleted;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.Violation;

/**
 * What the gate processor emits; the topology splits it by type to one sink per topic. Sealed so a
 * new output cannot be added without a branch.
 */
public sealed interface GateOutput {

  record Decision(GateDecision value) implements GateOutput {}

  record Record(UnitRecord value) implements GateOutput {}

  record Raised(Violation value) implements GateOutput {}

  record Edge(GenealogyEdge value) implements GateOutput {}

  record Completed(UnitCompleted value) implements GateOutput {}

  /** A signed checkpoint of the records appended; the record key is its checkpointId. */
  record Checkpoint(RecordCheckpoint value) implements GateOutput {}

  /** For the component-keyed sub-topology; the record key is the component serial. */
  record Fact(ComponentFact value) implements GateOutput {}
}
