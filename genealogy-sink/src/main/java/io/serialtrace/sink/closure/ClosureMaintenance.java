package io.serialtrace.sink.closure;

import io.serialtrace.sink.closure.ClosureRow.RangeKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps {@code genealogy_closure} up to date with the links a delivered batch touched: reads their
 * current state (their edges are stored by then), the ranges around them, and inserts what {@link
 * ClosureDelta} derives. Two reads and one insert per batch that carries genealogy edges. Safe to
 * repeat (a replayed batch): a row written twice is the same fact twice.
 */
public final class ClosureMaintenance {
  /** ClickHouse requests one update makes besides its insert (bounds one delivery attempt). */
  public static final int READS_PER_UPDATE = 2;

  private final ClosureStore store;

  public ClosureMaintenance(ClosureStore store) {
    this.store = store;
  }

  /** Applies the current state of {@code touched}; returns the rows inserted. */
  public int update(Collection<LinkKey> touched) {
    if (touched.isEmpty()) {
      return 0;
    }
    List<Link> links = new ArrayList<>(store.links(touched));
    links.sort(Comparator.comparing(Link::key));
    Set<RangeKey> around = new LinkedHashSet<>();
    for (Link link : links) {
      around.add(new RangeKey(Direction.UP, link.parent()));
      around.add(new RangeKey(Direction.DOWN, link.child()));
    }
    List<ClosureRow> rows =
        ClosureDelta.rows(links, around.isEmpty() ? List.of() : store.ranges(around));
    if (!rows.isEmpty()) {
      store.insert(rows);
    }
    return rows.size();
  }
}
