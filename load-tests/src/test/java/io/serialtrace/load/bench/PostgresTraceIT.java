package io.serialtrace.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The PostgreSQL baseline answers what trace-api answers on the generated genealogy: a backward
 * trace of a top unit is its chain (four units and the lot), a lot's forward scope is every unit of
 * its chains at the nearest depth, with its status.
 */
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresTraceIT {
  private static final String DATABASE = "bench_it";

  @Test
  void recursiveCtesWalkTheGeneratedGenealogyInBothDirections(StackEndpoints stack)
      throws Exception {
    // 1. A database of its own with 20 generated chains (all in LOT-0), indexed.
    TracePhase.createPostgresDatabase(stack, DATABASE);
    try (Connection pg = TracePhase.postgres(stack, DATABASE)) {
      TracePhase.execute(pg, GenealogyGenerator.postgresSchema());
      TracePhase.execute(pg, GenealogyGenerator.postgresDropIndexes());
      TracePhase.execute(pg, GenealogyGenerator.postgresInserts(0, 10));
      TracePhase.execute(pg, GenealogyGenerator.postgresInserts(10, 10));
      TracePhase.execute(pg, GenealogyGenerator.postgresCreateIndexes());
      TracePhase.execute(pg, PostgresTrace.SESSION_SETTINGS);

      // 2. Backward from B3-0 to depth 5: the chain's four serial edges and the lot edge.
      List<String> backward = query(pg, PostgresTrace.BACKWARD, "B3-0", 5, "child");
      assertThat(backward).containsExactlyInAnyOrder("B3-1", "B3-2", "B3-3", "B3-4", "LOT-0");
      // ... and a depth limit of 2 stops after two levels.
      assertThat(query(pg, PostgresTrace.BACKWARD, "B3-0", 2, "child"))
          .containsExactlyInAnyOrder("B3-1", "B3-2");

      // 3. Forward from LOT-0 to depth 5: all 100 units of the 20 chains, each once.
      List<String> scope = query(pg, PostgresTrace.FORWARD, "LOT-0", 5, "serial");
      assertThat(scope).hasSize(100).doesNotHaveDuplicates().contains("B0-4", "B19-0");
      // ... with the nearest depth: B7-4 used the lot directly, B7-0 five levels up.
      assertThat(query(pg, PostgresTrace.FORWARD, "LOT-0", 5, "depth", "B7-4"))
          .containsExactly("1");
      assertThat(query(pg, PostgresTrace.FORWARD, "LOT-0", 5, "depth", "B7-0"))
          .containsExactly("5");
    }
  }

  private static List<String> query(
      Connection pg, String cte, String start, int depth, String column, String... onlySerial)
      throws Exception {
    List<String> values = new ArrayList<>();
    try (PreparedStatement s = pg.prepareStatement(cte)) {
      s.setString(1, start);
      s.setInt(2, depth);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          if (onlySerial.length == 0 || rows.getString("serial").equals(onlySerial[0])) {
            values.add(rows.getString(column));
          }
        }
      }
    }
    return values;
  }
}
