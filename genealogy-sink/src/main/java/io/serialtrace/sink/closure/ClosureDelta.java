package io.serialtrace.sink.closure;

import io.serialtrace.sink.closure.ClosureRow.RangeKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The closure rows that new link states add: pure, no I/O. Given the current state of each link a
 * batch touched and the closure ranges around those links as stored (the UP range of each parent,
 * the DOWN range of each child), it returns the rows to insert. Links are applied one after the
 * other over the stored ranges plus the rows already derived, so a chain of links in one batch (a
 * sub-assembly's parts and its installation in one range of offsets) composes.
 *
 * <p>For a link {@code x → y}, with {@code above} = x and every unit x is installed in (at any
 * level, with its distance) and {@code below} = y and everything installed below y:
 *
 * <ul>
 *   <li>the link itself lies in the DOWN range of every node of {@code above} and the UP range of
 *       every node of {@code below}, with its current facts (also when it was just removed: a walk
 *       lists a removed link, and the row carries the removal);
 *   <li>when it is installed, what lies below y joins the DOWN range of every node of {@code
 *       above}, and what lies above x joins the UP range of every node of {@code below}.
 * </ul>
 *
 * {@code above} and {@code below} are found by walking the stored ranges in memory over installed
 * links only, so rows a removal left behind (the closure keeps them: see V008) are not carried
 * further. Nothing is ever deleted: readers walk a range with the walk's own rules, so rows below a
 * removed link are harmless, and the newest facts of each link win (ReplacingMergeTree on
 * event_time, argMax when reading). The work is bounded by the size of the ranges involved,
 * whatever the data: a cycle (bad data) is walked once per node, never followed around.
 */
public final class ClosureDelta {
  private final Map<RangeKey, Map<LinkKey, ClosureRow>> ranges = new HashMap<>();
  private final Map<RowKey, ClosureRow> derived = new LinkedHashMap<>();

  private record RowKey(RangeKey range, LinkKey link) {}

  private ClosureDelta(Collection<ClosureRow> stored) {
    stored.forEach(row -> merge(ranges.computeIfAbsent(row.range(), k -> new HashMap<>()), row));
  }

  /**
   * @param links the current state of every link to apply, in the order to apply them
   * @param stored the stored rows of (at least) the UP range of each link's parent and the DOWN
   *     range of each link's child, one row per (range, link)
   * @return the rows to insert, one per (range, link)
   */
  public static List<ClosureRow> rows(List<Link> links, Collection<ClosureRow> stored) {
    ClosureDelta delta = new ClosureDelta(stored);
    links.forEach(delta::apply);
    return List.copyOf(delta.derived.values());
  }

  private void apply(Link link) {
    Map<LinkKey, ClosureRow> upOfParent = range(Direction.UP, link.parent());
    Map<LinkKey, ClosureRow> downOfChild = range(Direction.DOWN, link.child());
    Map<String, Integer> above = reach(upOfParent.values(), link.parent(), Direction.UP);
    Map<String, Integer> below = reach(downOfChild.values(), link.child(), Direction.DOWN);
    List<ClosureRow> overParent =
        link.installed() ? reachable(upOfParent.values(), above, Direction.UP) : List.of();
    List<ClosureRow> underChild =
        link.installed() ? reachable(downOfChild.values(), below, Direction.DOWN) : List.of();
    above.forEach(
        (ancestor, distance) -> {
          put(new ClosureRow(Direction.DOWN, ancestor, distance + 1, link));
          for (ClosureRow row : underChild) {
            put(new ClosureRow(Direction.DOWN, ancestor, distance + 1 + row.depth(), row.link()));
          }
        });
    below.forEach(
        (descendant, distance) -> {
          put(new ClosureRow(Direction.UP, descendant, distance + 1, link));
          for (ClosureRow row : overParent) {
            put(new ClosureRow(Direction.UP, descendant, distance + 1 + row.depth(), row.link()));
          }
        });
  }

  /**
   * The nodes a walk from {@code start} reaches over the installed links of {@code range} (UP: to
   * parents, DOWN: to children), each at its distance; {@code start} at 0.
   */
  private static Map<String, Integer> reach(
      Collection<ClosureRow> range, String start, Direction direction) {
    Map<String, List<Link>> byNear = new HashMap<>();
    for (ClosureRow row : range) {
      if (row.link().installed()) {
        byNear.computeIfAbsent(near(row.link(), direction), k -> new ArrayList<>()).add(row.link());
      }
    }
    Map<String, Integer> distance = new LinkedHashMap<>();
    distance.put(start, 0);
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String node = queue.removeFirst();
      for (Link link : byNear.getOrDefault(node, List.of())) {
        String far = far(link, direction);
        if (!distance.containsKey(far)) {
          distance.put(far, distance.get(node) + 1);
          queue.addLast(far);
        }
      }
    }
    return distance;
  }

  /** The rows of {@code range} whose near end was reached, at the depth the walk meets them. */
  private static List<ClosureRow> reachable(
      Collection<ClosureRow> range, Map<String, Integer> reached, Direction direction) {
    List<ClosureRow> rows = new ArrayList<>();
    for (ClosureRow row : range) {
      Integer distance = reached.get(near(row.link(), direction));
      if (distance != null) {
        rows.add(new ClosureRow(direction, row.node(), distance + 1, row.link()));
      }
    }
    return rows;
  }

  /** The end of a link a walk in {@code direction} arrives at first. */
  private static String near(Link link, Direction direction) {
    return direction == Direction.UP ? link.child() : link.parent();
  }

  private static String far(Link link, Direction direction) {
    return direction == Direction.UP ? link.parent() : link.child();
  }

  private Map<LinkKey, ClosureRow> range(Direction direction, String node) {
    return ranges.computeIfAbsent(new RangeKey(direction, node), k -> new HashMap<>());
  }

  private void put(ClosureRow row) {
    merge(range(row.direction(), row.node()), row);
    derived.merge(new RowKey(row.range(), row.link().key()), row, ClosureDelta::combine);
  }

  private static void merge(Map<LinkKey, ClosureRow> range, ClosureRow row) {
    range.merge(row.link().key(), row, ClosureDelta::combine);
  }

  /** One row per (range, link): the smallest depth, the newest facts. */
  private static ClosureRow combine(ClosureRow current, ClosureRow candidate) {
    return new ClosureRow(
        current.direction(),
        current.node(),
        Math.min(current.depth(), candidate.depth()),
        Link.newer(current.link(), candidate.link()));
  }
}
