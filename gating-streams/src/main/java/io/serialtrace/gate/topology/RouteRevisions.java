package io.serialtrace.gate.topology;

import io.serialtrace.gate.rules.UnitState;
import io.serialtrace.schemas.Route;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The route revisions a task's units are pinned to ({@link GateTopology#ROUTE_REVISIONS_STORE}), so
 * a unit state need not copy its route: a unit started on a revision keeps deciding on it after a
 * newer one is released (the global routes store holds only the latest per product, and the
 * compacted routes topic forgets the older ones). A revision is written the first time a unit of
 * the task pins it — at UnitStarted, or when a state written by an earlier gate, route copy
 * included, is first read — in the same transaction as that unit's state, so a stored state always
 * finds its route. A revision is immutable: the first copy a task sees is the one kept. Revisions
 * are few and small; each task keeps the ones it has read in memory.
 */
public final class RouteRevisions {

  private final KeyValueStore<String, Route> store;
  private final Map<String, Route> known = new HashMap<>();

  RouteRevisions(KeyValueStore<String, Route> store) {
    this.store = store;
  }

  /** The store key of a product's revision. */
  static String key(String product, String revision) {
    return product + '\u0000' + revision;
  }

  /**
   * A stored unit with its pinned route; a compacted one, or one read from the JSON form of an
   * earlier gate (whose route is pinned here on the way), as it is.
   *
   * @throws IllegalStateException when the revision is missing from the store, which only a store
   *     changed by hand can cause: the unit cannot be decided without its route
   */
  UnitState resolve(UnitState stored) {
    if (!stored.needsRoute()) {
      stored.route().ifPresent(this::pin);
      return stored;
    }
    return stored.withRoute(
        find(store, stored.product(), stored.routeRevision())
            .map(
                r -> {
                  known.putIfAbsent(key(stored.product(), stored.routeRevision()), r);
                  return r;
                })
            .orElseThrow(() -> missing(stored)));
  }

  /** Remembers the revision a unit is pinned to, unless the task already has it. */
  void pin(Route route) {
    String key = key(route.getProduct(), route.getRevision());
    if (known.containsKey(key)) {
      return;
    }
    Route kept = store.get(key);
    if (kept == null) {
      store.put(key, route);
      kept = route;
    }
    known.put(key, kept);
  }

  private Optional<Route> find(ReadOnlyKeyValueStore<String, Route> revisions, String p, String r) {
    String key = key(p, r);
    Route cached = known.get(key);
    return cached != null ? Optional.of(cached) : Optional.ofNullable(revisions.get(key));
  }

  /** A stored unit with its route looked up in {@code revisions} (interactive queries). */
  public static UnitState resolve(
      UnitState stored, ReadOnlyKeyValueStore<String, Route> revisions) {
    if (!stored.needsRoute()) {
      return stored;
    }
    Route route = revisions.get(key(stored.product(), stored.routeRevision()));
    if (route == null) {
      throw missing(stored);
    }
    return stored.withRoute(route);
  }

  private static IllegalStateException missing(UnitState stored) {
    return new IllegalStateException(
        "Unit "
            + stored.serial()
            + " is pinned to route "
            + stored.product()
            + " revision "
            + stored.routeRevision()
            + ", which the "
            + GateTopology.ROUTE_REVISIONS_STORE
            + " store does not hold; the unit cannot be decided until it is restored");
  }
}
