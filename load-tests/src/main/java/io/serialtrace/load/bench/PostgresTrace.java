package io.serialtrace.load.bench;

/**
 * The two trace queries as recursive CTEs in PostgreSQL: the baseline trace-api's level-by-level
 * ClickHouse walk is compared with, over the same generated genealogy. Both stop at a depth limit
 * ({@code UNION} drops repeated rows, so a cycle cannot grow the result past it).
 */
public final class PostgresTrace {
  private PostgresTrace() {}

  /**
   * The session the CTEs run in: the index-nested-loop plan pinned, as a DBA would for these
   * lookups. With the defaults the planner misestimates the recursive term (hundreds of times too
   * many rows), picks merge/hash joins over whole indexes and tables and JIT-compiles them: seconds
   * instead of the index lookups' milliseconds, measured on this data. The baseline is meant to be
   * PostgreSQL at its best, not at its defaults.
   */
  public static final java.util.List<String> SESSION_SETTINGS =
      java.util.List.of("SET jit = off", "SET enable_hashjoin = off", "SET enable_mergejoin = off");

  /**
   * Backward trace: every edge below {@code ?1} (a unit serial) down to depth {@code ?2}, with the
   * edge's attributes, as trace-api's {@code /genealogy?direction=down} returns them.
   */
  public static final String BACKWARD =
      "WITH RECURSIVE walk AS ("
          + " SELECT e.parent_serial, e.child, e.child_kind, e.part, e.qty, e.step_id, e.plant,"
          + " e.event_time, 1 AS depth FROM genealogy_edges e WHERE e.parent_serial = ?"
          + " UNION"
          + " SELECT e.parent_serial, e.child, e.child_kind, e.part, e.qty, e.step_id, e.plant,"
          + " e.event_time, w.depth + 1 FROM genealogy_edges e JOIN walk w"
          + " ON e.parent_serial = w.child WHERE w.depth < ?)"
          + " SELECT * FROM walk";

  /**
   * Forward trace (recall scope): every unit above {@code ?1} (a lot or serial) up to depth {@code
   * ?2}, each once at its nearest depth, with its status, as trace-api's {@code
   * /lots/{lot}/where-used} scopes it.
   */
  public static final String FORWARD =
      "WITH RECURSIVE scope AS ("
          + " SELECT e.parent_serial AS serial, 1 AS depth FROM genealogy_edges e WHERE e.child = ?"
          + " UNION"
          + " SELECT e.parent_serial, s.depth + 1 FROM genealogy_edges e JOIN scope s"
          + " ON e.child = s.serial WHERE s.depth < ?)"
          + " SELECT s.serial, min(s.depth) AS depth, u.status FROM scope s"
          + " LEFT JOIN units u ON u.serial = s.serial GROUP BY s.serial, u.status";
}
