package io.serialtrace.gate.topology;

import io.serialtrace.gate.rules.ComponentClaimRules;
import io.serialtrace.gate.rules.ComponentFact;
import io.serialtrace.gate.rules.ComponentState;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by component serial, so every claim on one serial is decided here, one after the other:
 * loads the component's state, asks {@link ComponentClaimRules}, forwards the answer keyed by the
 * claiming unit and any violation keyed by the unit still holding the component, and stores the
 * next state. Under exactly-once the claim, its answer and the state change commit together.
 */
public final class ComponentProcessor
    implements Processor<String, ComponentFact, String, ComponentOutput> {

  private ProcessorContext<String, ComponentOutput> context;
  private KeyValueStore<String, ComponentState> components;

  @Override
  public void init(ProcessorContext<String, ComponentOutput> context) {
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
    ComponentClaimRules.Result result =
        ComponentClaimRules.apply(state, fact, Instant.ofEpochMilli(record.timestamp()));
    result
        .answer()
        .ifPresent(
            a ->
                context.forward(
                    new Record<>(
                        a.getUnitSerial(), new ComponentOutput.Answer(a), record.timestamp())));
    result
        .holderViolations()
        .forEach(
            v ->
                context.forward(
                    new Record<>(
                        v.getSerial(),
                        new ComponentOutput.HolderViolation(v),
                        record.timestamp())));
    if (!result.next().equals(state)) {
      components.put(component, result.next());
    }
  }
}
