package io.serialtrace.sink.closure;

/**
 * One row of {@code genealogy_closure}: {@code link} as a walk from {@code node} in {@code
 * direction} meets it, at level {@code depth} (1 = a link of the node itself).
 */
public record ClosureRow(Direction direction, String node, int depth, Link link) {
  public ClosureRow {
    if (depth < 1) {
      throw new IllegalArgumentException("a closure row's depth starts at 1, got " + depth);
    }
  }

  /** The range this row is read with: one (direction, node). */
  public RangeKey range() {
    return new RangeKey(direction, node);
  }

  /** One closure range: every row of one node in one direction. */
  public record RangeKey(Direction direction, String node) {}
}
