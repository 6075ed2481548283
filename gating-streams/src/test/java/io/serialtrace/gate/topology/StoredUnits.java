package io.serialtrace.gate.topology;

import io.serialtrace.gate.rules.UnitState;
import io.serialtrace.schemas.Route;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The unit store as the tests read it: each state with its pinned route looked up in the
 * route-revisions store, as the gate does before deciding.
 */
record StoredUnits(
    ReadOnlyKeyValueStore<String, UnitState> units,
    ReadOnlyKeyValueStore<String, Route> revisions) {

  /** The unit's state with its route; null for a serial never started. */
  UnitState get(String serial) {
    UnitState stored = units.get(serial);
    return stored == null ? null : RouteRevisions.resolve(stored, revisions);
  }

  /** The state exactly as stored (no route unless written by an earlier gate). */
  UnitState stored(String serial) {
    return units.get(serial);
  }
}
