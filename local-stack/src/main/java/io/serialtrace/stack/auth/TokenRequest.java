package io.serialtrace.stack.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a development token says about its bearer.
 *
 * @param subject the user or device id ({@code sub} and {@code upn}), e.g. {@code alice} or {@code
 *     torque-tool-7}
 * @param printedName the signer's printed name ({@code name}), shown on e-signatures (21 CFR 11.50)
 * @param roles the {@code groups} claim
 * @param plants the plants whose data the bearer may write or read ({@code plants} claim)
 * @param lifetime from issue to expiry
 * @param authenticatedAt when the bearer last proved who they are ({@code auth_time}); empty means
 *     at issue time. Signing endpoints demand a recent one (re-authentication at signing).
 */
public record TokenRequest(
    String subject,
    String printedName,
    Set<Role> roles,
    Set<String> plants,
    Duration lifetime,
    Optional<Instant> authenticatedAt) {

  public TokenRequest {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(printedName, "printedName");
    if (subject.isBlank()) {
      throw new IllegalArgumentException("a token needs a subject");
    }
    roles = Set.copyOf(roles);
    plants = Set.copyOf(plants);
    Objects.requireNonNull(lifetime, "lifetime");
    Objects.requireNonNull(authenticatedAt, "authenticatedAt");
  }

  /** A token for {@code subject} with the given roles and plants, valid for eight hours. */
  public static TokenRequest of(String subject, Set<Role> roles, Set<String> plants) {
    return new TokenRequest(subject, subject, roles, plants, Duration.ofHours(8), Optional.empty());
  }

  public TokenRequest withPrintedName(String name) {
    return new TokenRequest(subject, name, roles, plants, lifetime, authenticatedAt);
  }

  public TokenRequest withLifetime(Duration value) {
    return new TokenRequest(subject, printedName, roles, plants, value, authenticatedAt);
  }

  public TokenRequest withAuthenticatedAt(Instant value) {
    return new TokenRequest(subject, printedName, roles, plants, lifetime, Optional.of(value));
  }
}
