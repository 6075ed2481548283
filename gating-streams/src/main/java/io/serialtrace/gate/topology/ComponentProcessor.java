package io.serialtrace.gate.topology;

import io.serialtrace.gate.rules.ComponentFact;
import io.serialtrace.gate.rules.ComponentReuseRules;
import io.serialtrace.gate.rules.ComponentState;
import io.serialtrace.schemas.Violation;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by component serial: sees every install and removal of a serial across units, and the
 * status of the serial when it is itself a unit. Loads the component's state, asks {@link
 * ComponentReuseRules} (COMPONENT_REUSED for both units, COMPONENT_NOT_RELEASED), forwards the
 * violations keyed by the serial of the unit concerned and stores the next state.
 */
public final class ComponentProcessor
    implements Processor<String, ComponentFact, String, Violation> {

  private ProcessorContext<String, Violation> context;
  private KeyValueStore<String, ComponentState> components;

  @Override
  public void init(ProcessorContext<String, Violation> context) {
    this.context = context;
    this.components = context.getStateStore(GateTopology.COMPONENTS_STORE);
  }

  @Override
  public void process(Record<String, ComponentFact> record) {
    ComponentFact fact = record.value();
    if (fact == null) {
      return;
    }
    String component = record.key();
    ComponentState state =
        Optional.ofNullable(components.get(component)).orElseGet(ComponentState::empty);
    ComponentReuseRules.Result result =
        ComponentReuseRules.apply(state, fact, Instant.ofEpochMilli(record.timestamp()));
    result
        .violations()
        .forEach(v -> context.forward(new Record<>(v.getSerial(), v, record.timestamp())));
    components.put(component, result.next());
  }
}
