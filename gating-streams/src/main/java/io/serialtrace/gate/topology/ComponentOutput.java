package io.serialtrace.gate.topology;

import io.serialtrace.schemas.ComponentClaimAnswer;
import io.serialtrace.schemas.Violation;

/**
 * What the component-keyed processor emits, keyed by unit serial; the topology splits it by type.
 */
public sealed interface ComponentOutput {

  /** The answer to a claim, for the claiming unit. */
  record Answer(ComponentClaimAnswer value) implements ComponentOutput {}

  /** COMPONENT_REUSED on a unit still holding a component another unit tried to install. */
  record HolderViolation(Violation value) implements ComponentOutput {}
}
