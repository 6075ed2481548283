package io.serialtrace.gate.topology;

import io.serialtrace.gate.rules.UnitStateSerde;
import io.serialtrace.gate.topics.AvroBinarySerdeFactory;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Every store {@link GateProcessor} reads, as {@link GateTopology} declares them (changelogs off),
 * on a {@link MockProcessorContext}, with one released route in the global routes store.
 */
final class ProcessorStores implements AutoCloseable {
  private final MockProcessorContext<String, GateOutput> context;
  private final List<StateStore> stores = new ArrayList<>();

  ProcessorStores(MockProcessorContext<String, GateOutput> context, Route released) {
    this.context = context;
    AvroBinarySerdeFactory serdes = new AvroBinarySerdeFactory();
    store(GateTopology.UNITS_STORE, Serdes.String(), new UnitStateSerde());
    store(GateTopology.ROUTE_REVISIONS_STORE, Serdes.String(), serdes.avro(Route.class, false));
    WindowStore<String, GateDecision> decisions =
        Stores.windowStoreBuilder(
                Stores.persistentWindowStore(
                    GateTopology.EVENT_DECISIONS_STORE,
                    TestSettings.defaults().dedupRetention(),
                    Duration.ofMillis(1),
                    false),
                Serdes.String(),
                serdes.avro(GateDecision.class, false))
            .withLoggingDisabled()
            .build();
    decisions.init(context.getStateStoreContext(), decisions);
    context.addStateStore(decisions);
    stores.add(decisions);
    store(GateTopology.DECISIONS_STORE, Serdes.String(), serdes.avro(GateDecision.class, false));
    store(GateTopology.DECISION_EXPIRY_STORE, Serdes.Bytes(), Serdes.String());
    store(GateTopology.DUE_INDEX_STORE, Serdes.Bytes(), Serdes.String());
    store(GateTopology.NOTICES_STORE, Serdes.String(), serdes.avro(Violation.class, false));
    store(GateTopology.NOTICE_EXPIRY_STORE, Serdes.Bytes(), Serdes.String());
    store(GateTopology.ROUTES_STORE, Serdes.String(), serdes.avro(Route.class, false))
        .put(released.getProduct(), released);
    store(
        GateTopology.ANCHOR_PENDING_STORE,
        Serdes.String(),
        new JsonSerde<>(RecordAnchor.Pending.class));
    store(
        GateTopology.ANCHOR_CHAIN_STORE,
        Serdes.String(),
        new JsonSerde<>(RecordAnchor.Chain.class));
  }

  /** The same stores on another context (a second processor of the same task's state). */
  void addTo(MockProcessorContext<String, GateOutput> other) {
    stores.forEach(other::addStateStore);
  }

  @Override
  public void close() {
    stores.forEach(StateStore::close);
  }

  private <K, V> KeyValueStore<K, V> store(String name, Serde<K> keys, Serde<V> values) {
    KeyValueStore<K, V> store =
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    stores.add(store);
    return store;
  }
}
