package io.serialtrace.ingest.security;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who sent a request, as the verified bearer token says: the subject (a user or device id), the
 * printed name, the roles ({@code groups}), the plants it may write for, when the bearer last
 * proved who they are ({@code auth_time}) and the token's id ({@code jti}).
 */
public record Caller(
    String subject,
    Optional<String> printedName,
    Set<String> roles,
    Set<String> plants,
    Optional<Instant> authenticatedAt,
    Optional<String> tokenId) {

  /** The claim listing the plants a bearer may write or read. */
  public static final String PLANTS_CLAIM = "plants";

  public Caller {
    roles = Set.copyOf(roles);
    plants = Set.copyOf(plants);
  }

  /** Reads a token SmallRye JWT has already verified (signature, issuer, audience, expiry). */
  public static Caller of(JsonWebToken token) {
    return new Caller(
        Optional.ofNullable(token.getSubject()).orElse(""),
        Optional.ofNullable(token.<String>getClaim("name")),
        token.getGroups() == null ? Set.of() : token.getGroups(),
        stringSet(token.getClaim(PLANTS_CLAIM)),
        number(token.getClaim("auth_time")).map(Instant::ofEpochSecond),
        Optional.ofNullable(token.getTokenID()));
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** The principal recorded on the events this caller submits: {@code jwt:<subject>}. */
  public String principal() {
    return "jwt:" + subject;
  }

  private static Set<String> stringSet(Object claim) {
    // SmallRye JWT hands array claims over as jakarta.json arrays or as collections.
    if (claim instanceof jakarta.json.JsonArray array) {
      return Set.copyOf(
          array.stream()
              .filter(v -> v instanceof jakarta.json.JsonString)
              .map(v -> ((jakarta.json.JsonString) v).getString())
              .toList());
    }
    if (claim instanceof Collection<?> values) {
      return Set.copyOf(values.stream().map(String::valueOf).toList());
    }
    return Set.of();
  }

  private static Optional<Long> number(Object claim) {
    if (claim instanceof jakarta.json.JsonNumber json) {
      return Optional.of(json.longValue());
    }
    if (claim instanceof Number n) {
      return Optional.of(n.longValue());
    }
    return Optional.empty();
  }
}
