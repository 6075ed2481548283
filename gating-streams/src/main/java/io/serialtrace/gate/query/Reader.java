package io.serialtrace.gate.query;

import io.serialtrace.support.security.TokenClaims;
import java.util.Collection;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Whose units a verified caller may see: those of the plants in its token's {@code plants} claim,
 * or every plant's for {@code admin} (as in trace-api).
 *
 * @param plants the {@code plants} claim
 * @param everyPlant whether the caller is an admin
 */
public record Reader(Set<String> plants, boolean everyPlant) {

  public Reader {
    plants = Set.copyOf(plants);
  }

  /** The reader of a verified token. */
  public static Reader of(JsonWebToken token) {
    Collection<String> groups = token.getGroups() == null ? Set.of() : token.getGroups();
    return new Reader(
        Set.copyOf(TokenClaims.strings(token.getClaim(TokenClaims.PLANTS))),
        groups.contains(StateReaders.ADMIN));
  }

  /** Whether a unit started in {@code plant} is visible. */
  public boolean sees(String plant) {
    return everyPlant || plants.contains(plant);
  }
}
