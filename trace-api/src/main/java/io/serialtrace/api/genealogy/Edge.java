package io.serialtrace.api.genealogy;

import io.serialtrace.api.store.ClickHouseStore;
import java.sql.SQLException;
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

  /** A link as the genealogy queries select it (edges and closure alike; time in micros). */
  static Edge read(ClickHouseStore.Row row) throws SQLException {
    return new Edge(
        row.text("parent_serial"),
        row.text("child"),
        row.text("child_kind"),
        row.text("part"),
        (int) row.number("qty"),
        row.text("step_id"),
        row.text("plant"),
        row.micros("at_us"),
        row.number("installed") == 1);
  }

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
