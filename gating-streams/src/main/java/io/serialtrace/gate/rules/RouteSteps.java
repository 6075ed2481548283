package io.serialtrace.gate.rules;

import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.RouteStep;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route's steps in execution order, sorted once per route instance: the rules ask for them
 * several times per event, and the gate shares one instance per pinned revision. Keyed by identity
 * (a Route's own hashCode walks every field); bounded, cleared when full.
 */
final class RouteSteps {

  private static final int MAX_ROUTES = 1024;

  private static final Map<Route, List<RouteStep>> SORTED =
      Collections.synchronizedMap(new IdentityHashMap<>());

  private RouteSteps() {}

  static List<RouteStep> inOrder(Optional<Route> route) {
    if (route.isEmpty()) {
      return List.of();
    }
    Route r = route.get();
    List<RouteStep> steps = SORTED.get(r);
    if (steps == null) {
      List<RouteStep> sorted = new ArrayList<>(r.getSteps());
      sorted.sort(Comparator.comparingInt(RouteStep::getSequence));
      steps = List.copyOf(sorted);
      if (SORTED.size() >= MAX_ROUTES) {
        SORTED.clear();
      }
      SORTED.put(r, steps);
    }
    return steps;
  }
}
