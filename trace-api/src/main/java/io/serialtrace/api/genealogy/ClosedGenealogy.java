package io.serialtrace.api.genealogy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Edges read at once, answering each level of a walk from memory in the order {@link
 * GenealogyStore} answers it (by parent, then child, as ClickHouse orders Strings: by code point).
 */
public final class ClosedGenealogy implements EdgeSource {
  /** ClickHouse compares Strings byte by byte: UTF-8 byte order is code point order. */
  static final Comparator<String> CLICKHOUSE_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int x = a.codePointAt(i);
          int y = b.codePointAt(j);
          if (x != y) {
            return Integer.compare(x, y);
          }
          i += Character.charCount(x);
          j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  private static final Comparator<Edge> BY_PARENT_CHILD =
      Comparator.comparing(Edge::parent, CLICKHOUSE_ORDER)
          .thenComparing(Edge::child, CLICKHOUSE_ORDER);

  private final Map<String, List<Edge>> byParent = new HashMap<>();
  private final Map<String, List<Edge>> byChild = new HashMap<>();
  private final int size;

  public ClosedGenealogy(List<Edge> edges) {
    for (Edge edge : edges) {
      byParent.computeIfAbsent(edge.parent(), k -> new ArrayList<>()).add(edge);
      byChild.computeIfAbsent(edge.child(), k -> new ArrayList<>()).add(edge);
    }
    this.size = edges.size();
  }

  /** Links read. */
  public int size() {
    return size;
  }

  @Override
  public List<Edge> level(Direction direction, Set<String> frontier) {
    Map<String, List<Edge>> index = direction == Direction.DOWN ? byParent : byChild;
    List<Edge> edges = new ArrayList<>();
    for (String node : frontier) {
      edges.addAll(index.getOrDefault(node, List.of()));
    }
    edges.sort(BY_PARENT_CHILD);
    return edges;
  }
}
