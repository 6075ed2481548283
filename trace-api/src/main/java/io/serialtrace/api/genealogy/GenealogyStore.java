package io.serialtrace.api.genealogy;

import io.serialtrace.api.store.ClickHouseStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * The genealogy_edges queries. DOWN filters on parent_serial (the table's primary key); UP filters
 * on child, which the by_child projection orders — the table is read without FINAL so the
 * projection can serve it (edges are unique by the sink's insert deduplication). Install and remove
 * edges of one link are folded into its latest state by argMax over event_time.
 */
@ApplicationScoped
public class GenealogyStore implements EdgeSource {
  private final ClickHouseStore store;

  public GenealogyStore(ClickHouseStore store) {
    this.store = store;
  }

  @Override
  public List<Edge> level(Direction direction, Set<String> frontier) {
    if (frontier.isEmpty()) {
      return List.of();
    }
    String sql = levelSql(store.table("genealogy_edges"), direction, frontier);
    return store.query(sql, Edge::read);
  }

  /**
   * The query of one level: every link touching {@code frontier} at its end for {@code direction},
   * folded to its latest state, by parent then child. Public for the tests that compare the closure
   * with this walk.
   */
  public static String levelSql(String edgesTable, Direction direction, Set<String> frontier) {
    String key =
        switch (direction) {
          case DOWN -> "parent_serial";
          case UP -> "child";
        };
    return "SELECT parent_serial, child, any(child_kind) AS child_kind,"
        + " argMax(part, event_time) AS part, argMax(qty, event_time) AS qty,"
        + " argMax(step_id, event_time) AS step_id, argMax(plant, event_time) AS plant,"
        + " toUnixTimestamp64Micro(max(event_time)) AS at_us,"
        + " argMax(edge_type, event_time) = 'INSTALLED' AS installed"
        + " FROM "
        + edgesTable
        + " WHERE "
        + key
        + " IN "
        + ClickHouseStore.inList(frontier)
        + " GROUP BY parent_serial, child ORDER BY parent_serial, child";
  }

  /**
   * The plants of the links where {@code node} is the given end (where it was built from parts, or
   * where it was installed); empty when it is in no link.
   */
  public Set<String> plants(String node, Direction asEnd) {
    String key =
        switch (asEnd) {
          case DOWN -> "parent_serial";
          case UP -> "child";
        };
    return new java.util.TreeSet<>(
        store.query(
            "SELECT DISTINCT plant FROM "
                + store.table("genealogy_edges")
                + " WHERE "
                + key
                + " = "
                + ClickHouseStore.literal(node),
            row -> row.text("plant")));
  }

  /** Whether {@code node} appears in any edge as the given end (used for 404 decisions). */
  public boolean known(String node, Direction asEnd) {
    String key =
        switch (asEnd) {
          case DOWN -> "parent_serial";
          case UP -> "child";
        };
    return !store
        .query(
            "SELECT 1 AS found FROM "
                + store.table("genealogy_edges")
                + " WHERE "
                + key
                + " = "
                + ClickHouseStore.literal(node)
                + " LIMIT 1",
            row -> row.number("found"))
        .isEmpty();
  }
}
