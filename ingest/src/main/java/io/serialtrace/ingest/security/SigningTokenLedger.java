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
public class SigningTokenLedger implements SigningTokens {
  private final AgroalDataSource dataSource;

  public SigningTokenLedger(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Claim claim(String tokenId, String subject, UUID eventId, String eventSha256)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO mes.used_signing_token (jti, subject, event_id, event_sha256)"
                  + " VALUES (?, ?, ?, ?) ON CONFLICT (jti) DO NOTHING")) {
        insert.setString(1, tokenId);
        insert.setString(2, subject);
        insert.setObject(3, eventId);
        insert.setString(4, eventSha256);
        if (insert.executeUpdate() == 1) {
          return new Claim.Granted();
        }
      }
      Optional<Use> use = usedBy(connection, tokenId);
      return use.isPresent()
              && use.get().eventId().equals(eventId)
              && use.get().eventSha256().equals(eventSha256)
          ? new Claim.Granted()
          : new Claim.AlreadyUsed(use.map(Use::eventId).orElse(eventId));
    }
  }

  private record Use(UUID eventId, String eventSha256) {}

  private static Optional<Use> usedBy(Connection connection, String tokenId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT event_id, event_sha256 FROM mes.used_signing_token WHERE jti = ?")) {
      select.setString(1, tokenId);
      try (ResultSet row = select.executeQuery()) {
        return row.next()
            ? Optional.of(new Use(row.getObject(1, UUID.class), row.getString(2)))
            : Optional.empty();
      }
    }
  }
}
