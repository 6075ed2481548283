package io.serialtrace.api.security;

/**
 * The {@code groups} claim values trace-api's {@code @RolesAllowed} annotations name: the same
 * words as local-stack's {@code io.serialtrace.stack.auth.Role#claim()} (a unit test keeps them
 * equal). Annotations need compile-time constants, hence strings here rather than the enum. Which
 * role may read which endpoint is the table in trace-api/README.md, checked against the annotations
 * by {@code EndpointRolesTest}.
 */
public final class Roles {
  private Roles() {}

  /** A person at a station: unit status and violations of their plants. */
  public static final String OPERATOR = "operator";

  /** A machine publishing readings: reads nothing here. */
  public static final String DEVICE = "device";

  /** Quality engineer: records, traces, recall scopes, violations, reports of their plants. */
  public static final String QUALITY = "quality";

  /** Auditor: everything a quality engineer reads, plus the access log. */
  public static final String AUDITOR = "auditor";

  /** Analyst: aggregates, traces and recall scopes; not the personal detail of a record. */
  public static final String ANALYST = "analyst";

  /** Administrator: everything, across every plant. */
  public static final String ADMIN = "admin";

  /** Cross-plant recall: traces and recall scopes across every plant. */
  public static final String RECALL = "recall";
}
