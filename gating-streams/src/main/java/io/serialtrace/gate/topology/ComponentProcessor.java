package io.serialtrace.gate.topology;

import io.serialtrace.gate.rules.GateRules;
import io.serialtrace.gate.rules.UnitStatus;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.ViolationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by component serial: sees every install and removal of a serial across units, and the
 * status of the serial when it is itself a unit, so it can raise COMPONENT_REUSED (for both units)
 * and COMPONENT_NOT_RELEASED. Outputs violations keyed by the serial of the unit concerned.
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
    Instant now = Instant.ofEpochMilli(record.timestamp());
    ComponentState next =
        switch (fact) {
          case ComponentFact.Installed installed -> installed(state, installed, now, record);
          case ComponentFact.Removed removed -> {
            List<String> holders = new ArrayList<>(state.holders());
            holders.remove(removed.unitSerial());
            yield new ComponentState(holders, state.ownStatus());
          }
          case ComponentFact.UnitStatusChanged changed ->
              new ComponentState(state.holders(), Optional.of(changed.status()));
        };
    components.put(component, next);
  }

  private ComponentState installed(
      ComponentState state, ComponentFact.Installed i, Instant now, Record<String, ?> record) {
    for (String holder : state.holders()) {
      if (holder.equals(i.unitSerial())) {
        continue;
      }
      // Both records are wrong until someone looks: raise it on each unit, naming the other.
      forward(violation(i, ViolationCode.COMPONENT_REUSED, i.unitSerial(), holder, now), record);
      forward(violation(i, ViolationCode.COMPONENT_REUSED, holder, i.unitSerial(), now), record);
    }
    state
        .ownStatus()
        .filter(s -> s != UnitStatus.COMPLETED)
        .ifPresent(
            s ->
                forward(
                    Violation.newBuilder(
                            violation(
                                i, ViolationCode.COMPONENT_NOT_RELEASED, i.unitSerial(), null, now))
                        .setDetail(
                            "Component "
                                + i.componentSerial()
                                + " is itself a unit in status "
                                + s
                                + ", not released for use")
                        .build(),
                    record));
    List<String> holders = new ArrayList<>(state.holders());
    if (!holders.contains(i.unitSerial())) {
      holders.add(i.unitSerial());
    }
    return new ComponentState(holders, state.ownStatus());
  }

  private static Violation violation(
      ComponentFact.Installed i, ViolationCode code, String unit, String related, Instant now) {
    return Violation.newBuilder()
        .setViolationId(GateRules.nameUuid(i.eventId() + "/" + code + "/" + unit))
        .setSerial(unit)
        .setPlant(i.plant())
        .setStation(i.station())
        .setCode(code)
        .setSeverity(GateRules.severity(code))
        .setEventId(i.eventId())
        .setStepId(unit.equals(i.unitSerial()) ? i.stepId() : null)
        .setDetail(
            "Component "
                + i.componentSerial()
                + " installed in "
                + i.unitSerial()
                + (related == null ? "" : " while still installed in " + related))
        .setDetectedAt(now)
        .setEventTime(unit.equals(i.unitSerial()) ? i.eventTime() : null)
        .setComponentSerial(i.componentSerial())
        .setRelatedSerial(related)
        .setStatus(ViolationStatus.OPEN)
        .build();
  }

  private void forward(Violation v, Record<String, ?> cause) {
    context.forward(new Record<>(v.getSerial(), v, cause.timestamp()));
  }
}
