package io.serialtrace.api.genealogy;

import io.serialtrace.api.store.ClickHouseStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * A trace's edges in one indexed read: the range of {@code genealogy_closure} (genealogy-sink
 * migration V008) that starts at the root — ORDER BY (direction, node, depth, …), so the rows of
 * one root down to one depth are a primary-key range — folded to one row per link (its newest
 * facts). The walk then runs in memory over {@link ClosedGenealogy}, with the same rules as over
 * {@link GenealogyStore}: the range holds every link the level-by-level walk would read (a
 * superset: links below a link removed later stay in it, and the walk does not follow the removed
 * link), so the answers are the same.
 *
 * <p>A walk limited to N levels needs the links of depth ≤ N + 1 (the last level decides whether
 * the limit cut anything off). More than {@code maxRows} links answers empty, and the caller walks
 * level by level instead, which stops at api.genealogy.max-nodes.
 */
@ApplicationScoped
public class GenealogyClosure {
  private final ClickHouseStore store;
  private final ClosureState state;

  public GenealogyClosure(ClickHouseStore store, ClosureState state) {
    this.store = store;
    this.state = state;
  }

  /**
   * The links a walk from {@code root} may read, or empty when there are more than maxRows or the
   * closure is not complete ({@link ClosureState}).
   */
  public Optional<ClosedGenealogy> around(
      String root, Direction direction, int depthLimit, int maxRows) {
    if (!state.complete()) {
      return Optional.empty();
    }
    List<Edge> edges =
        store.query(
            "SELECT parent_serial, child, argMax(child_kind, event_time) AS child_kind,"
                + " argMax(part, event_time) AS part, argMax(qty, event_time) AS qty,"
                + " argMax(step_id, event_time) AS step_id, argMax(plant, event_time) AS plant,"
                + " toUnixTimestamp64Micro(max(event_time)) AS at_us,"
                + " argMax(installed, event_time) AS installed FROM "
                + store.table("genealogy_closure")
                + " WHERE direction = '"
                + direction.name()
                + "' AND node = "
                + ClickHouseStore.literal(root)
                + " AND depth <= "
                + (depthLimit + 1)
                + " GROUP BY parent_serial, child LIMIT "
                + (maxRows + 1),
            Edge::read);
    return edges.size() > maxRows ? Optional.empty() : Optional.of(new ClosedGenealogy(edges));
  }
}
