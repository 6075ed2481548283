package io.serialtrace.gate.rules;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.UUID;

/**
 * What the component-keyed sub-topology learns, keyed by component serial: a serialized component
 * went into or out of a unit, or a unit (which may itself be a component of another) changed
 * status. Internal to the gate (JSON on the repartition topic).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ComponentFact.Installed.class, name = "INSTALLED"),
  @JsonSubTypes.Type(value = ComponentFact.Removed.class, name = "REMOVED"),
  @JsonSubTypes.Type(value = ComponentFact.UnitStatusChanged.class, name = "UNIT_STATUS")
})
public sealed interface ComponentFact {

  record Installed(
      String componentSerial,
      String unitSerial,
      String plant,
      String station,
      String stepId,
      UUID eventId,
      Instant eventTime)
      implements ComponentFact {}

  record Removed(String componentSerial, String unitSerial, UUID eventId)
      implements ComponentFact {}

  /** {@code unitSerial} is also the key: a unit seen as a possible component of another. */
  record UnitStatusChanged(String unitSerial, UnitStatus status) implements ComponentFact {}
}
