package io.serialtrace.schemas.topics;

import java.util.Locale;

/**
 * Readers outside the pipeline. The pipeline's access declarations grant them nothing: whoever
 * deploys it gives each its own principal and ACLs. They are named so that every topic says whom it
 * is for.
 */
public enum OutsideReader implements TopicParty {
  /**
   * Whoever runs the pipeline: inspects dead letters (raw bytes, reason headers) with the
   * platform's admin tools and replays them once the cause is fixed.
   */
  OPERATIONS,

  /** ERP and MES systems subscribing to closed units. */
  ERP,

  /**
   * Auditors verifying exported records offline against the signed checkpoints (they need the
   * checkpoints and the signers' public keys, never write access).
   */
  AUDITORS;

  /** Its name in documentation and the chart, e.g. {@code operations}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
