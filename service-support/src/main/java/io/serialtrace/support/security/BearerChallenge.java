package io.serialtrace.support.security;

/**
 * The {@code WWW-Authenticate} header of a 401 (RFC 6750 section 3), written one way by every
 * service that verifies bearer tokens: a bare challenge when no token came, {@code invalid_token}
 * with the reason when one came and did not verify.
 */
public final class BearerChallenge {
  /** The realm every service names. */
  public static final String REALM = "serialtrace";

  private BearerChallenge() {}

  /**
   * The header value; quotes, backslashes and control characters in the reason become {@code '}.
   */
  public static String of(boolean tokenPresented, String reason) {
    return tokenPresented
        ? "Bearer realm=\""
            + REALM
            + "\", error=\"invalid_token\", error_description=\""
            + reason.replaceAll("[\"\\\\\\p{Cntrl}]", "'")
            + "\""
        : "Bearer realm=\"" + REALM + "\"";
  }
}
