package io.serialtrace.api.genealogy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvCellTest {
  @Test
  void quotesSeparatorsAndDefusesFormulas() {
    assertThat(WhereUsedResource.cell("A-1")).isEqualTo("A-1");
    assertThat(WhereUsedResource.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(WhereUsedResource.cell("say \"hi\",")).isEqualTo("\"say \"\"hi\"\",\"");
    assertThat(WhereUsedResource.cell("=cmd()")).isEqualTo("'=cmd()");
  }
}
