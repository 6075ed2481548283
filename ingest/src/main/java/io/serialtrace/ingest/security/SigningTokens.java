package io.serialtrace.ingest.security;

import java.sql.SQLException;
import java.util.UUID;

/**
 * The signing tokens already used: a signing token signs one event, once ({@link
 * SigningTokenLedger} keeps them in PostgreSQL). Blocking: call it off the event loop.
 */
@FunctionalInterface
public interface SigningTokens {

  /** What claiming a token id found. */
  sealed interface Claim {
    /** First use (or the same event again, e.g. a retry after a 503): go ahead. */
    record Granted() implements Claim {}

    /** Already used for another event: the signer must re-authenticate. */
    record AlreadyUsed(UUID byEvent) implements Claim {}
  }

  /**
   * Records {@code tokenId} as used by {@code subject} for {@code eventId}, whose bytes as sent
   * hash to {@code eventSha256}. The very same event (same id, same bytes) may present the token
   * again (a station retrying a request whose answer it lost; the gate ignores the duplicate
   * eventId); any other event may not, nor the same id with other content.
   */
  Claim claim(String tokenId, String subject, UUID eventId, String eventSha256) throws SQLException;
}
