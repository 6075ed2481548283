package io.serialtrace.sink.closure;

import io.serialtrace.sink.closure.ClosureRow.RangeKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The closure store in memory: edge events as genealogy_edges holds them, closure rows appended as
 * genealogy_closure holds them (never collapsed), folded on read as the SQL folds them.
 */
final class InMemoryClosureStore implements ClosureStore {
  private final List<Link> events = new ArrayList<>();
  private final List<ClosureRow> rows = new ArrayList<>();

  /** Stores one edge event (the sink's genealogy_edges insert). */
  void edge(Link event) {
    events.add(event);
  }

  /** Every link's current state: its newest event. */
  Map<LinkKey, Link> currentLinks() {
    Map<LinkKey, Link> links = new HashMap<>();
    events.forEach(e -> links.merge(e.key(), e, Link::newer));
    return links;
  }

  int rowCount() {
    return rows.size();
  }

  @Override
  public List<Link> links(Collection<LinkKey> keys) {
    Set<LinkKey> wanted = Set.copyOf(keys);
    Map<LinkKey, Link> all = currentLinks();
    return all.values().stream().filter(l -> wanted.contains(l.key())).toList();
  }

  @Override
  public List<ClosureRow> ranges(Collection<RangeKey> ranges) {
    Set<RangeKey> wanted = Set.copyOf(ranges);
    return fold(rows.stream().filter(r -> wanted.contains(r.range())).toList(), Integer.MAX_VALUE);
  }

  /** One range as a reader sees it: rows of depth <= maxDepth, one per link, newest facts. */
  List<ClosureRow> range(Direction direction, String node, int maxDepth) {
    RangeKey key = new RangeKey(direction, node);
    return fold(rows.stream().filter(r -> r.range().equals(key)).toList(), maxDepth);
  }

  private static List<ClosureRow> fold(List<ClosureRow> rows, int maxDepth) {
    Map<List<Object>, ClosureRow> folded = new HashMap<>();
    for (ClosureRow row : rows) {
      if (row.depth() <= maxDepth) {
        folded.merge(
            List.of(row.range(), row.link().key()),
            row,
            (a, b) ->
                new ClosureRow(
                    a.direction(),
                    a.node(),
                    Math.min(a.depth(), b.depth()),
                    Link.newer(a.link(), b.link())));
      }
    }
    return List.copyOf(folded.values());
  }

  @Override
  public void insert(List<ClosureRow> inserted) {
    rows.addAll(inserted);
  }
}
