package io.serialtrace.gate.topology;

import io.serialtrace.schemas.Route;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global routes store equal to the routes topic (latest revision per product). It stores
 * records as they are, because a global store is restored by copying the topic, bypassing this
 * processor; whether a revision is RELEASED is the rules' business.
 */
final class RouteStoreUpdater implements Processor<String, Route, Void, Void> {

  private KeyValueStore<String, Route> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(GateTopology.ROUTES_STORE);
  }

  @Override
  public void process(Record<String, Route> record) {
    if (record.value() == null) {
      store.delete(record.key());
    } else {
      store.put(record.key(), record.value());
    }
  }
}
