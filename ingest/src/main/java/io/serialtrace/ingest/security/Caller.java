package io.serialtrace.ingest.security;

import io.serialtrace.support.security.TokenClaims;
import java.time.Instant;
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
  public static final String PLANTS_CLAIM = TokenClaims.PLANTS;

  public Caller {
    roles = Set.copyOf(roles);
    plants = Set.copyOf(plants);
  }

  /** Reads a token SmallRye JWT has already verified (signature, issuer, audience, expiry). */
  public static Caller of(JsonWebToken token) {
    return new Caller(
        Optional.ofNullable(token.getSubject()).orElse(""),
        TokenClaims.text(token.getClaim(TokenClaims.NAME)),
        token.getGroups() == null ? Set.of() : token.getGroups(),
        Set.copyOf(TokenClaims.strings(token.getClaim(PLANTS_CLAIM))),
        TokenClaims.number(token.getClaim(TokenClaims.AUTH_TIME)).map(Instant::ofEpochSecond),
        Optional.ofNullable(token.getTokenID()));
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /**
   * Whether this caller may be told about a unit of {@code plant}: one of its plants, or any for an
   * admin (as trace-api and the gate's state endpoint decide).
   */
  public boolean sees(String plant) {
    return hasRole(IngestRoles.ADMIN) || plants.contains(plant);
  }

  /** The principal recorded on the events this caller submits: {@code jwt:<subject>}. */
  public String principal() {
    return "jwt:" + subject;
  }
}
