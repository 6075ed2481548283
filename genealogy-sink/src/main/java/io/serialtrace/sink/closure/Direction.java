package io.serialtrace.sink.closure;

/**
 * Which range of {@code genealogy_closure} a row belongs to. DOWN: the row's node is an ancestor
 * and the link lies below it (a backward trace from the node reads it). UP: the node is a
 * descendant and the link lies above it (a forward trace or a recall scope from the node).
 */
public enum Direction {
  DOWN,
  UP
}
