package io.serialtrace.api.genealogy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Breadth-first walk of the genealogy, one {@link EdgeSource#level} call (one indexed {@code IN
 * (...)} query) per level. Recursive CTEs in ClickHouse do not use the primary index on the join
 * key (ClickHouse#75026), so the walk is driven from here.
 *
 * <p>Cycle guard: a node is expanded at most once; an edge reaching an already reached node is kept
 * (so a shared sub-assembly or a bad-data cycle is visible) with {@code revisit = true} and not
 * followed. Depth limit: after the last allowed level one more query checks whether the frontier
 * had further edges; if so the result says {@code DEPTH_LIMIT} and names those nodes. Node limit:
 * the walk stops once {@code maxNodes} nodes are reached ({@code NODE_LIMIT}).
 *
 * <p>Plant boundary: a link the {@code shown} predicate refuses (recorded in a plant outside the
 * caller's claim) is neither listed nor followed; the walk only counts it ({@code withheld}) and
 * names the visible node it hangs on ({@code withheldAt}), so the caller learns that the genealogy
 * goes on in another plant but not which units it reaches.
 */
public final class GenealogyWalk {
  private GenealogyWalk() {}

  /** One edge as the walk met it, at {@code depth} (1 = an edge of the root). */
  public record TracedEdge(int depth, Edge edge, boolean revisit) {}

  /** Why a walk stopped before the genealogy ended. */
  public enum Truncation {
    DEPTH_LIMIT,
    NODE_LIMIT
  }

  /**
   * @param levels levels that had edges
   * @param reached every node reached, root excluded, in walk order
   * @param truncation why the walk stopped early, if it did
   * @param cutOff nodes whose further edges were not followed because of the truncation
   * @param withheld links not shown because {@code shown} refused them (another plant's)
   * @param withheldAt the shown nodes those withheld links hang on
   */
  public record Result(
      String root,
      Direction direction,
      int depthLimit,
      int levels,
      List<TracedEdge> edges,
      Set<String> reached,
      Optional<Truncation> truncation,
      Set<String> cutOff,
      int withheld,
      Set<String> withheldAt) {}

  /** A walk that shows every link (cross-plant callers, and the recall scope's full walk). */
  public static Result walk(
      EdgeSource source, String root, Direction direction, int depthLimit, int maxNodes) {
    return walk(source, root, direction, depthLimit, maxNodes, edge -> true);
  }

  /** A walk that lists and follows only the links {@code shown} accepts. */
  public static Result walk(
      EdgeSource source,
      String root,
      Direction direction,
      int depthLimit,
      int maxNodes,
      Predicate<Edge> shown) {
    Boundary boundary = new Boundary(direction, depthLimit, shown);
    EdgeSource visible = (way, frontier) -> boundary.filter(source.level(way, frontier));
    Result result = walkAll(visible, root, direction, depthLimit, maxNodes);
    return new Result(
        result.root(),
        result.direction(),
        result.depthLimit(),
        result.levels(),
        result.edges(),
        result.reached(),
        result.truncation(),
        result.cutOff(),
        boundary.withheld,
        Set.copyOf(boundary.withheldAt));
  }

  /**
   * Filters each level and counts the refused links, each once; the level read after the depth
   * limit (only to decide DEPTH_LIMIT) is filtered but not counted: those links are beyond the
   * asked depth whatever their plant.
   */
  private static final class Boundary {
    private final Direction direction;
    private final int depthLimit;
    private final Predicate<Edge> shown;
    private final Set<List<String>> counted = new java.util.HashSet<>();
    private final Set<String> withheldAt = new LinkedHashSet<>();
    private int levelsRead;
    private int withheld;

    Boundary(Direction direction, int depthLimit, Predicate<Edge> shown) {
      this.direction = direction;
      this.depthLimit = depthLimit;
      this.shown = shown;
    }

    List<Edge> filter(List<Edge> edges) {
      boolean counting = ++levelsRead <= depthLimit;
      List<Edge> kept = new ArrayList<>(edges.size());
      for (Edge edge : edges) {
        if (shown.test(edge)) {
          kept.add(edge);
        } else if (counting && counted.add(List.of(edge.parent(), edge.child()))) {
          withheld++;
          withheldAt.add(direction == Direction.DOWN ? edge.parent() : edge.child());
        }
      }
      return kept;
    }
  }

  private static Result walkAll(
      EdgeSource source, String root, Direction direction, int depthLimit, int maxNodes) {
    Set<String> seen = new LinkedHashSet<>();
    seen.add(root);
    Set<String> frontier = new LinkedHashSet<>(Set.of(root));
    List<TracedEdge> traced = new ArrayList<>();
    int depth = 0;
    int levels = 0;
    while (!frontier.isEmpty()) {
      if (depth == depthLimit) {
        Set<String> cutOff = new LinkedHashSet<>();
        for (Edge edge : source.level(direction, frontier)) {
          cutOff.add(direction == Direction.DOWN ? edge.parent() : edge.child());
        }
        return result(
            root,
            direction,
            depthLimit,
            levels,
            traced,
            seen,
            cutOff.isEmpty() ? Optional.empty() : Optional.of(Truncation.DEPTH_LIMIT),
            cutOff);
      }
      depth++;
      List<Edge> edges = source.level(direction, frontier);
      if (!edges.isEmpty()) {
        levels = depth;
      }
      Set<String> next = new LinkedHashSet<>();
      for (Edge edge : edges) {
        String target = edge.target(direction);
        boolean revisit = seen.contains(target);
        traced.add(new TracedEdge(depth, edge, revisit));
        if (revisit) {
          continue;
        }
        seen.add(target);
        if (edge.expandable(direction)) {
          next.add(target);
        }
        if (seen.size() - 1 >= maxNodes) {
          return result(
              root,
              direction,
              depthLimit,
              levels,
              traced,
              seen,
              Optional.of(Truncation.NODE_LIMIT),
              next);
        }
      }
      frontier = next;
    }
    return result(root, direction, depthLimit, levels, traced, seen, Optional.empty(), Set.of());
  }

  private static Result result(
      String root,
      Direction direction,
      int depthLimit,
      int levels,
      List<TracedEdge> traced,
      Set<String> seen,
      Optional<Truncation> truncation,
      Set<String> cutOff) {
    Set<String> reached = new LinkedHashSet<>(seen);
    reached.remove(root);
    return new Result(
        root,
        direction,
        depthLimit,
        levels,
        List.copyOf(traced),
        reached,
        truncation,
        cutOff,
        0,
        Set.of());
  }
}
