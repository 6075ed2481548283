package io.serialtrace.gate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.StateMachineTable;
import io.serialtrace.schemas.GateDecision;
import java.util.List;
import java.util.Map;

/** The claim table of docs/STATE_MACHINE.md ("Across units"), as the tests executing it read it. */
final class ClaimTable {

  private static final Map<String, List<String>> ROWS =
      StateMachineTable.acrossUnits("claim-table");

  private ClaimTable() {}

  /** The installation is decided as the row says: outcome and reasons. */
  static void decidedAsTheTableSays(String row, GateDecision decision) {
    List<String> cells = ROWS.get(row);
    assertThat(decision.getDecision().name()).as(row).isEqualTo(cells.get(2));
    assertThat(decision.getReasons()).as(row).isEqualTo(StateMachineTable.reasons(cells.get(3)));
  }
}
