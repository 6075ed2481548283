package io.serialtrace.ingest.security;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * The signing tokens already used, kept durably in PostgreSQL ({@code mes.used_signing_token}, jti
 * as primary key; migration V3): a signing token signs one event, once, across restarts and across
 * ingest instances. Blocking JDBC: call it off the event loop.
 */
@ApplicationScoped
public class SigningTokenLedger {
  private final AgroalDataSource dataSource;

  public SigningTokenLedger(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** What claiming a token id found. */
  public sealed interface Claim {
    /** First use (or the same event again, e.g. a retry after a 503): go ahead. */
    record Granted() implements Claim {}

    /** Already used for another event: the signer must re-authenticate. */
    record AlreadyUsed(UUID byEvent) implements Claim {}
  }

  /**
   * Records {@code tokenId} as used by {@code subject} for {@code eventId}. The same event may
   * present the same token again (a station retrying a request whose answer it lost; the gate
   * ignores the duplicate eventId), any other event may not.
   */
  public Claim claim(String tokenId, String subject, UUID eventId) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO mes.used_signing_token (jti, subject, event_id) VALUES (?, ?, ?)"
                  + " ON CONFLICT (jti) DO NOTHING")) {
        insert.setString(1, tokenId);
        insert.setString(2, subject);
        insert.setObject(3, eventId);
        if (insert.executeUpdate() == 1) {
          return new Claim.Granted();
        }
      }
      Optional<UUID> usedBy = usedBy(connection, tokenId);
      return usedBy.isPresent() && usedBy.get().equals(eventId)
          ? new Claim.Granted()
          : new Claim.AlreadyUsed(usedBy.orElse(eventId));
    }
  }

  private static Optional<UUID> usedBy(Connection connection, String tokenId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT event_id FROM mes.used_signing_token WHERE jti = ?")) {
      select.setString(1, tokenId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getObject(1, UUID.class)) : Optional.empty();
      }
    }
  }
}
