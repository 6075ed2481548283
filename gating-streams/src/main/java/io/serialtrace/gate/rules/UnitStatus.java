package io.serialtrace.gate.rules;

/** Life-cycle of a unit as the gate sees it. */
public enum UnitStatus {
  /** Started and not yet through its last step, or through it with no open violation pending. */
  IN_WORK,
  /**
   * Every step is done but violations are open: waits for signed dispositions (review by
   * exception).
   */
  HOLD,
  /** Record closed: last step done and every violation dispositioned. */
  COMPLETED,
  /** Record closed by UnitScrapped or a SCRAP disposition. */
  SCRAPPED;

  /** A closed unit refuses every further event with UNIT_CLOSED. */
  public boolean closed() {
    return this == COMPLETED || this == SCRAPPED;
  }
}
