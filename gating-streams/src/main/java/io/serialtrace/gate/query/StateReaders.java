package io.serialtrace.gate.query;

/**
 * The roles ({@code groups} claim) that may read a unit's state at the gate: the readers of
 * trace-api's {@code GET /v1/units/{serial}} (a unit's state and the violations holding it), the
 * same words as local-stack's {@code io.serialtrace.stack.auth.Role#claim()} ({@code
 * StateReadersTest} keeps them equal). Devices and the recall right read nothing here.
 */
public final class StateReaders {
  private StateReaders() {}

  /** A person at a station: "what's next for this unit?". */
  public static final String OPERATOR = "operator";

  /** Quality engineer. */
  public static final String QUALITY = "quality";

  /** Auditor. */
  public static final String AUDITOR = "auditor";

  /** Analyst. */
  public static final String ANALYST = "analyst";

  /** Administrator: every plant's units, whatever the plants claim says. */
  public static final String ADMIN = "admin";
}
