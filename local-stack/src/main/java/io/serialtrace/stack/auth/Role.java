package io.serialtrace.stack.auth;

import java.util.Locale;

/**
 * The roles a bearer token can carry in its {@code groups} claim; the claim holds {@link #claim()},
 * which is what {@code @RolesAllowed} in the services names.
 */
public enum Role {
  /** A person working at a station: scans, enters measurements, completes steps. */
  OPERATOR,
  /** A machine (torque tool, scale, leak tester) publishing its own readings. */
  DEVICE,
  /** Quality engineer: signs QA steps and dispositions, reads records and violations. */
  QUALITY,
  /** Auditor: reads records, traces and the access log; writes nothing. */
  AUDITOR,
  /** Analyst: reads aggregates and traces; no signatures. */
  ANALYST,
  /** Administrator: everything, including cross-plant queries. */
  ADMIN,
  /**
   * Cross-plant recall: may see recall scopes and traces across every plant, not only those in the
   * token's {@code plants} claim ({@link #ADMIN} has this implicitly).
   */
  RECALL;

  /** The value in the token's {@code groups} claim, e.g. {@code quality}. */
  public String claim() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named by a claim value or command-line word, case-insensitive. */
  public static Role fromClaim(String value) {
    for (Role role : values()) {
      if (role.claim().equalsIgnoreCase(value.trim())) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '"
            + value
            + "'; known: "
            + java.util.Arrays.stream(values())
                .map(Role::claim)
                .collect(java.util.stream.Collectors.joining(", ")));
  }
}
