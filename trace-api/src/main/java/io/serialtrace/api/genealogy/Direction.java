package io.serialtrace.api.genealogy;

/**
 * Which way a walk goes. DOWN: the backward trace, from a unit to what was built into it (the
 * as-built tree, by parent_serial). UP: the forward trace, from a unit, component or lot to what it
 * went into (by child, through the by_child projection).
 */
public enum Direction {
  DOWN,
  UP
}
