package io.serialtrace.gate.query;

import io.serialtrace.gate.rules.UnitState;
import io.serialtrace.gate.topology.GateSettings;
import io.serialtrace.gate.topology.GateTopology;
import io.serialtrace.gate.topology.RouteRevisions;
import io.serialtrace.schemas.Route;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Finds a unit's state: here, on the instance owning its partition, or nowhere. While the store is
 * not queryable (a rebalance or a restore), asks again a bounded number of times ({@code
 * gate.query-attempts}, {@code gate.query-retry-backoff}), then gives up with {@link
 * UnitLookup.NotReady} — never an unbounded spin.
 */
@ApplicationScoped
public class UnitStateQuery {

  private final KafkaStreams streams;
  private final HostInfo self;
  private final GateSettings settings;

  public UnitStateQuery(
      KafkaStreams streams,
      GateSettings settings,
      @ConfigProperty(name = "quarkus.kafka-streams.application-server") String applicationServer) {
    this.streams = streams;
    this.settings = settings;
    this.self = HostInfo.buildFromEndpoint(applicationServer);
  }

  public UnitLookup lookup(String serial) throws InterruptedException {
    String reason = "no attempt made";
    for (int attempt = 1; attempt <= settings.queryAttempts(); attempt++) {
      if (attempt > 1) {
        Thread.sleep(settings.queryRetryBackoff().toMillis());
      }
      Optional<UnitLookup> found;
      try {
        found = once(serial);
      } catch (InvalidStateStoreException e) {
        found = Optional.empty();
        reason = e.getMessage();
      }
      if (found.isPresent()) {
        return found.get();
      }
      if (reason.equals("no attempt made")) {
        reason = "no instance owns the partition yet (state " + streams.state() + ")";
      }
    }
    return new UnitLookup.NotReady(reason);
  }

  /** One attempt; empty when the owner is unknown for now. */
  private Optional<UnitLookup> once(String serial) {
    KeyQueryMetadata owner =
        streams.queryMetadataForKey(GateTopology.UNITS_STORE, serial, Serdes.String().serializer());
    if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      return Optional.empty();
    }
    if (!owner.activeHost().equals(self)) {
      return Optional.of(new UnitLookup.OnOtherInstance(owner.activeHost()));
    }
    ReadOnlyKeyValueStore<String, UnitState> store =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                GateTopology.UNITS_STORE, QueryableStoreTypes.<String, UnitState>keyValueStore()));
    ReadOnlyKeyValueStore<String, Route> revisions =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                    GateTopology.ROUTE_REVISIONS_STORE,
                    QueryableStoreTypes.<String, Route>keyValueStore())
                .withPartition(owner.partition()));
    return Optional.of(
        Optional.ofNullable(store.get(serial))
            .map(unit -> RouteRevisions.resolve(unit, revisions))
            .<UnitLookup>map(unit -> new UnitLookup.FoundHere(UnitProgress.of(unit)))
            .orElseGet(UnitLookup.NotFound::new));
  }
}
