package io.serialtrace.api.genealogy;

import java.time.Instant;

/**
 * The latest state of one parent → child link: {@code installed} is false when the newest edge
 * between them is a REMOVED one. {@code childKind} is SERIAL or LOT.
 */
public record Edge(
    String parent,
    String child,
    String childKind,
    String part,
    int qty,
    String stepId,
    String plant,
    Instant at,
    boolean installed) {

  /** The node this edge leads to when walking {@code direction}. */
  public String target(Direction direction) {
    return switch (direction) {
      case DOWN -> child;
      case UP -> parent;
    };
  }

  /** Whether the walk continues past this edge: only installed links, and lots have no children. */
  public boolean expandable(Direction direction) {
    return installed
        && switch (direction) {
          case DOWN -> "SERIAL".equals(childKind);
          case UP -> true;
        };
  }
}
