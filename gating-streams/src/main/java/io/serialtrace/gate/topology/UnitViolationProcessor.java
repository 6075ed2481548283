package io.serialtrace.gate.topology;

import io.serialtrace.gate.rules.GateRules;
import io.serialtrace.gate.rules.UnitState;
import io.serialtrace.schemas.Violation;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The way back from the component-keyed sub-topology: a COMPONENT_REUSED raised on a unit still
 * holding a component another unit tried to install, keyed by that unit's serial, is made open on
 * it ({@link GateRules#hold}), in the same task as {@link GateProcessor} (it shares the unit
 * store), so the unit goes on HOLD at its last step until a signed Disposition closes it.
 *
 * <p>Emits nothing: the violation itself is already on {@code trace.violations.v1}.
 */
public final class UnitViolationProcessor implements Processor<String, Violation, Void, Void> {

  private final GateRules rules;
  private KeyValueStore<String, UnitState> units;

  public UnitViolationProcessor(GateSettings settings) {
    this.rules = new GateRules(settings.clockSkewTolerance());
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.units = context.getStateStore(GateTopology.UNITS_STORE);
  }

  @Override
  public void process(Record<String, Violation> record) {
    Violation violation = record.value();
    if (violation == null) {
      return;
    }
    rules
        .hold(Optional.ofNullable(units.get(violation.getSerial())), violation)
        .ifPresent(next -> units.put(next.serial(), next));
  }
}
