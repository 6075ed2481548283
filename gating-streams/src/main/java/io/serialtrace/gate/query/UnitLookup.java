package io.serialtrace.gate.query;

import org.apache.kafka.streams.state.HostInfo;

/** Where the state of one unit was found, if anywhere. */
public sealed interface UnitLookup {

  /** This instance hosts the unit's partition and has the unit: its progress, for the station. */
  record FoundHere(UnitProgress progress) implements UnitLookup {}

  /** Another instance hosts the unit's partition: ask it. */
  record OnOtherInstance(HostInfo host) implements UnitLookup {}

  /** The owning instance is this one and the serial was never started. */
  record NotFound() implements UnitLookup {}

  /** The store stayed unqueryable (rebalance, restore) through every bounded attempt. */
  record NotReady(String reason) implements UnitLookup {}
}
