package io.serialtrace.ingest.security;

/**
 * The roles ({@code groups} claim) ingest's endpoints and event rules name; the values of the
 * platform's role list (local-stack {@code Role}).
 */
public final class IngestRoles {
  /** A person at a station: starts units and steps, scans, keys in readings, completes steps. */
  public static final String OPERATOR = "operator";

  /** A machine posting its own readings. */
  public static final String DEVICE = "device";

  /** Quality engineer: signs QA steps and dispositions. */
  public static final String QUALITY = "quality";

  /** Administrator (ingest has no admin endpoint today). */
  public static final String ADMIN = "admin";

  private IngestRoles() {}
}
