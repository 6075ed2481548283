package io.serialtrace.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.schemas.SchemaCompatibilityGate.Verdict;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every top-level schema under src/main/avro must read what its last released copy (released/)
 * wrote, as the registry's BACKWARD rule demands. To release: copy src/main/avro over released/.
 */
class BackwardCompatibilityTest {

  static Stream<Named<Verdict>> verdicts() {
    SchemaDirectory current = SchemaDirectory.load(SchemaDirectory.CURRENT);
    SchemaDirectory released = SchemaDirectory.load(SchemaDirectory.RELEASED);
    return SchemaCompatibilityGate.checkAll(current, released).stream()
        .map(verdict -> Named.of(verdict.schemaName(), verdict));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verdicts")
  void currentSchemaReadsEverythingTheReleasedOneWrote(Verdict verdict) {
    assertThat(verdict.passes()).as(verdict.describe()).isTrue();
  }
}
