package io.serialtrace.gate.topology;

import io.serialtrace.schemas.ComponentClaimAnswer;
import io.serialtrace.schemas.ProductionEvent;

/**
 * What the gate processor reads, keyed by unit serial: the shop-floor events, and the answers to
 * the claims its units made on components (merged into one stream so one processor, owning the
 * unit's state, sees both in order). Sealed so a new input cannot be added without a branch.
 */
public sealed interface GateInput {

  /** A production event; null for a tombstone on the input topic. */
  record Event(ProductionEvent value) implements GateInput {}

  /** The component side's answer to a unit's claim. */
  record ClaimAnswered(ComponentClaimAnswer value) implements GateInput {}
}
