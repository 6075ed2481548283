package io.serialtrace.gate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.StateMachineTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The "Across units" tables of docs/STATE_MACHINE.md are executed: every row has a test that names
 * it ({@link StateMachineRow}), and every row a test names exists.
 */
class AcrossUnitsTableTest {

  private static final List<Class<?>> EXECUTING =
      List.of(ComponentClaimTest.class, GateProcessorTest.class, HolderNoticeTest.class);

  @Test
  void everyRowHasATestAndEveryTestARow() {
    List<String> documented = new ArrayList<>();
    documented.addAll(StateMachineTable.acrossUnits("claim-table").keySet());
    documented.addAll(StateMachineTable.acrossUnits("holder-notice-table").keySet());

    List<String> tested =
        EXECUTING.stream()
            .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
            .map(m -> m.getAnnotation(StateMachineRow.class))
            .filter(a -> a != null)
            .flatMap(a -> Stream.of(a.value()))
            .distinct()
            .toList();

    assertThat(tested).containsExactlyInAnyOrderElementsOf(documented);
  }
}
