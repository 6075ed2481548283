package io.serialtrace.gate.rules;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.UUID;

/**
 * What the unit side tells the component-keyed side, keyed by component serial: a unit claims a
 * serialized component for an installation its own rules accept, a removal releases it, a claim
 * granted too late for its installation is withdrawn, or a unit (which may itself be a component of
 * another) changed status. Internal to the gate (JSON on the repartition topic).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ComponentFact.ClaimRequested.class, name = "CLAIM"),
  @JsonSubTypes.Type(value = ComponentFact.Released.class, name = "REMOVED"),
  @JsonSubTypes.Type(value = ComponentFact.ClaimWithdrawn.class, name = "WITHDRAWN"),
  @JsonSubTypes.Type(value = ComponentFact.UnitStatusChanged.class, name = "UNIT_STATUS")
})
public sealed interface ComponentFact {

  /** The component serial: the key on the component side. */
  String componentSerial();

  /** {@code unitSerial} wants to install the component by the installation {@code eventId}. */
  record ClaimRequested(
      String componentSerial, String unitSerial, String plant, String station, UUID eventId)
      implements ComponentFact {}

  /** An accepted ComponentRemoved took the component out of {@code unitSerial}. */
  record Released(String componentSerial, String unitSerial, UUID eventId)
      implements ComponentFact {}

  /**
   * The claim of installation {@code eventId} was granted after the unit had stopped waiting for it
   * (its installation refused CLAIM_UNAVAILABLE): the unit does not hold the component.
   */
  record ClaimWithdrawn(String componentSerial, String unitSerial, UUID eventId)
      implements ComponentFact {}

  /** {@code unitSerial} is also the key: a unit seen as a possible component of another. */
  record UnitStatusChanged(String unitSerial, UnitStatus status) implements ComponentFact {
    @Override
    public String componentSerial() {
      return unitSerial;
    }
  }
}
