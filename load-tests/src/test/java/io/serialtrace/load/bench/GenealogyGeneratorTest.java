package io.serialtrace.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class GenealogyGeneratorTest {

  @Test
  void scalesAreFiveUnitChainsWithLotsOfTenThousandChains() {
    assertThat(GenealogyGenerator.chains(1_000_000)).isEqualTo(200_000);
    assertThat(GenealogyGenerator.lots(1_000_000)).isEqualTo(20);
    assertThat(GenealogyGenerator.lots(10_000_000)).isEqualTo(200);
    assertThat(GenealogyGenerator.lots(1_000)).isEqualTo(1);
    assertThat(GenealogyGenerator.topUnit(7)).isEqualTo("B7-0");
    assertThat(GenealogyGenerator.lot(3)).isEqualTo("LOT-3");
  }

  @Test
  void clickHouseInsertsCoverTheChunkOnceForEdgesLotsAndUnits() {
    // 1. Chains 200..299 into trace_bench.
    List<String> sql = GenealogyGenerator.clickHouseInserts("trace_bench", 200, 100);

    // 2. Four serial edges per chain, one lot edge, five units, the closure: ranges of numbers()
    //    say so.
    assertThat(sql).hasSize(4);
    assertThat(sql.get(0))
        .startsWith("INSERT INTO trace_bench.genealogy_edges (parent_serial, child,")
        .contains("FROM numbers(800, 400)")
        .contains("'SERIAL'");
    assertThat(sql.get(1))
        .contains("concat('LOT-', toString(intDiv(number, 10000)))")
        .contains("FROM numbers(200, 100)")
        .contains("'LOT'");
    assertThat(sql.get(2))
        .startsWith("INSERT INTO trace_bench.units (")
        .contains("FROM numbers(1000, 500)");
    assertThat(sql.get(3))
        .startsWith("INSERT INTO trace_bench.genealogy_closure (direction, node, depth,")
        .contains("FROM numbers(200, 100)");
    assertThat(sql).allSatisfy(s -> assertThat(s).endsWith("SETTINGS async_insert = 0"));
  }

  @Test
  void postgresInsertsGenerateTheSameRowsOverTheSameChains() {
    // 1. The same chunk for PostgreSQL.
    List<String> sql = GenealogyGenerator.postgresInserts(200, 100);

    // 2. Same chain range (inclusive end), same levels, same lot rule and unit statuses.
    assertThat(sql.get(0))
        .contains("generate_series(200::bigint, 299) n CROSS JOIN generate_series(0, 3) l")
        .contains("'B' || n || '-' || l, 'B' || n || '-' || (l + 1)");
    assertThat(sql.get(1))
        .contains("'LOT-' || (n / 10000)")
        .contains("generate_series(200::bigint, 299) n");
    assertThat(sql.get(2))
        .contains("CROSS JOIN generate_series(0, 4) l")
        .contains("(n * 5 + l) % 3 = 0 THEN 'COMPLETED'");
  }

  @Test
  void postgresIndexesServeBothWalksAndAreDroppedBeforeABulkLoad() {
    assertThat(GenealogyGenerator.postgresCreateIndexes())
        .anySatisfy(s -> assertThat(s).contains("ON genealogy_edges (parent_serial)"))
        .anySatisfy(s -> assertThat(s).contains("ON genealogy_edges (child)"))
        .anySatisfy(s -> assertThat(s).contains("UNIQUE INDEX units_by_serial ON units (serial)"));
    assertThat(GenealogyGenerator.postgresDropIndexes())
        .containsExactly(
            "DROP INDEX IF EXISTS genealogy_edges_by_parent",
            "DROP INDEX IF EXISTS genealogy_edges_by_child",
            "DROP INDEX IF EXISTS units_by_serial");
  }

  @Test
  void recursiveCtesWalkTheirDirectionToADepthLimit() {
    // Backward: from a parent down its children; forward: from a child (lot) up its parents.
    assertThat(PostgresTrace.BACKWARD)
        .startsWith("WITH RECURSIVE walk AS (")
        .contains("WHERE e.parent_serial = ?")
        .contains("ON e.parent_serial = w.child WHERE w.depth < ?")
        .contains(" UNION ")
        .doesNotContain("UNION ALL");
    assertThat(PostgresTrace.FORWARD)
        .startsWith("WITH RECURSIVE scope AS (")
        .contains("WHERE e.child = ?")
        .contains("ON e.child = s.serial WHERE s.depth < ?")
        .contains("LEFT JOIN units u ON u.serial = s.serial")
        .doesNotContain("UNION ALL");
  }
}
