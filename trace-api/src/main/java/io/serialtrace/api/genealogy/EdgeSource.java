package io.serialtrace.api.genealogy;

import java.util.List;
import java.util.Set;

/** One level of a walk: every edge touching {@code frontier}, in one indexed query. */
@FunctionalInterface
public interface EdgeSource {
  List<Edge> level(Direction direction, Set<String> frontier);
}
