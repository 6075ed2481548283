package io.serialtrace.ingest.security;

import io.serialtrace.ingest.event.FieldError;
import java.time.Duration;
import java.time.Instant;

/**
 * Re-authentication at the moment of signing (21 CFR 11.200(a)(1)): a signing request's token must
 * say the signer authenticated ({@code auth_time}) at most {@code maxAge} before ingest received
 * the request, and carry a {@code jti} so it can be used once only. In production the OIDC provider
 * issues such a token when the station asks with {@code prompt=login} (or {@code max_age=0}). Pure:
 * the receive time comes in as an argument.
 */
public final class SigningFreshness {
  private SigningFreshness() {}

  /** The verdict on a signing token. */
  public sealed interface Verdict {
    /** Fresh: {@code tokenId} must now be claimed as used. */
    record Fresh(String tokenId) implements Verdict {}

    /** The signer must re-authenticate: the claim that fails, and why. */
    record Stale(FieldError error) implements Verdict {}
  }

  public static Verdict check(Caller caller, Instant received, Duration maxAge) {
    if (caller.authenticatedAt().isEmpty()) {
      return stale("auth_time", "the token does not say when the signer authenticated");
    }
    Instant authenticated = caller.authenticatedAt().get();
    Duration age = Duration.between(authenticated, received);
    if (age.compareTo(maxAge) > 0) {
      return stale(
          "auth_time",
          "the signer authenticated "
              + age.toSeconds()
              + " s ago; a signature needs re-authentication within "
              + maxAge.toSeconds()
              + " s");
    }
    if (caller.tokenId().isEmpty() || caller.tokenId().get().isBlank()) {
      return stale("jti", "a signing token needs an id (jti) so it can be used once only");
    }
    return new Verdict.Fresh(caller.tokenId().get());
  }

  private static Verdict stale(String claim, String message) {
    return new Verdict.Stale(new FieldError(claim, message));
  }
}
