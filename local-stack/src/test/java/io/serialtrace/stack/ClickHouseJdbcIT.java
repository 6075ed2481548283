package io.serialtrace.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.stack.junit.LocalStackExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local ClickHouse (libchdb 26.7) through the JDBC driver the services use: microsecond UTC
 * timestamps survive a batch insert and read-back, and the passwordless {@code default} user that
 * the engine itself needs cannot touch the application's data.
 */
@ExtendWith(LocalStackExtension.class)
class ClickHouseJdbcIT {
  private static final String DATABASE = "trace";
  private static final DateTimeFormatter MICROS_UTC =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** One scan event as the sink will store it. */
  private record Scan(String serial, long seq, String plant, Instant at) {}

  @BeforeAll
  static void registerDriver() {
    // jdbc-v2 0.10.0 does not register itself with DriverManager.
    com.clickhouse.jdbc.Driver.load();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void batchInsertKeepsMicrosecondUtcTimestampsAndEveryColumn(StackEndpoints endpoints)
      throws SQLException {
    String table = DATABASE + ".jdbc_it_" + UUID.randomUUID().toString().replace("-", "");
    List<Scan> scans =
        List.of(
            new Scan("SN-0001", 1, "PLANT-A", Instant.parse("2026-03-01T08:15:30.123456Z")),
            new Scan("SN-0001", 2, "PLANT-A", Instant.parse("2026-03-01T08:15:30.123457Z")),
            new Scan("SN-0002", 1, "PLANT-B", Instant.parse("1999-12-31T23:59:59.999999Z")),
            new Scan("SN-0003", 7, "PLANT-B", Instant.parse("2026-06-30T00:00:00.000001Z")),
            new Scan(
                "SN-ÄÖ-🙂", 18_446_744_073L, "PLANT-C", Instant.parse("2030-01-01T12:00:00Z")));
    try (Connection connection = applicationConnection(endpoints)) {
      // 1. A MergeTree table in the application's database.
      execute(
          connection,
          "CREATE TABLE "
              + table
              + " (serial String, seq UInt64, plant LowCardinality(String),"
              + " scanned_at DateTime64(6, 'UTC'))"
              + " ENGINE = MergeTree ORDER BY (serial, seq)");
      try {
        // 2. Insert every row in one PreparedStatement batch, timestamps as Instants.
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO " + table + " (serial, seq, plant, scanned_at) VALUES (?, ?, ?, ?)")) {
          for (Scan scan : scans) {
            insert.setString(1, scan.serial());
            insert.setLong(2, scan.seq());
            insert.setString(3, scan.plant());
            insert.setObject(4, scan.at());
            insert.addBatch();
          }
          insert.executeBatch();
        }

        // 3. Read back: every value equal, microseconds kept, and the server agrees it is UTC.
        List<Scan> read = new ArrayList<>();
        List<String> serverText = new ArrayList<>();
        try (Statement select = connection.createStatement();
            ResultSet rows =
                select.executeQuery(
                    "SELECT serial, seq, plant, scanned_at,"
                        + " formatDateTime(scanned_at, '%Y-%m-%dT%H:%i:%S.%fZ', 'UTC')"
                        + " FROM "
                        + table
                        + " ORDER BY serial, seq")) {
          while (rows.next()) {
            read.add(
                new Scan(
                    rows.getString(1),
                    rows.getLong(2),
                    rows.getString(3),
                    rows.getObject(4, Instant.class)));
            serverText.add(rows.getString(5));
          }
        }
        assertThat(read).containsExactlyElementsOf(scans);
        assertThat(serverText)
            .containsExactlyElementsOf(scans.stream().map(s -> microsText(s.at())).toList());
      } finally {
        execute(connection, "DROP TABLE IF EXISTS " + table + " SYNC");
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void defaultUserCannotReadOrCreateTablesInTheApplicationDatabase(StackEndpoints endpoints)
      throws SQLException {
    String table = DATABASE + ".lockdown_it_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection application = applicationConnection(endpoints)) {
      // 1. The application user owns a table with a row in it.
      execute(
          application,
          "CREATE TABLE " + table + " (serial String) ENGINE = MergeTree ORDER BY serial");
      try {
        execute(application, "INSERT INTO " + table + " VALUES ('SN-SECRET')");

        try (Connection anonymous = connection(endpoints, "default", "");
            Statement statement = anonymous.createStatement()) {
          // 2. The passwordless default user can log in (the engine's own session needs it)...
          try (ResultSet one = statement.executeQuery("SELECT 1")) {
            assertThat(one.next()).isTrue();
            assertThat(one.getInt(1)).isEqualTo(1);
          }
          // 3. ...but can neither read that table nor create one beside it.
          assertThatThrownBy(() -> statement.executeQuery("SELECT serial FROM " + table).next())
              .isInstanceOf(SQLException.class)
              .hasMessageContaining("ACCESS_DENIED");
          assertThatThrownBy(
                  () ->
                      statement.execute(
                          "CREATE TABLE "
                              + DATABASE
                              + ".default_was_here (x UInt8) ENGINE = MergeTree ORDER BY x"))
              .isInstanceOf(SQLException.class)
              .hasMessageContaining("ACCESS_DENIED");
        }

        // 4. The application still sees exactly its own row and no table from default.
        try (Statement check = application.createStatement();
            ResultSet rows = check.executeQuery("SELECT serial FROM " + table)) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString(1)).isEqualTo("SN-SECRET");
          assertThat(rows.next()).isFalse();
        }
        try (Statement check = application.createStatement();
            ResultSet exists =
                check.executeQuery("EXISTS TABLE " + DATABASE + ".default_was_here")) {
          assertThat(exists.next()).isTrue();
          assertThat(exists.getInt(1)).isZero();
        }
      } finally {
        execute(application, "DROP TABLE IF EXISTS " + table + " SYNC");
      }
    }
  }

  private static Connection applicationConnection(StackEndpoints endpoints) throws SQLException {
    return connection(endpoints, endpoints.clickhouseUser(), endpoints.clickhousePassword());
  }

  private static Connection connection(StackEndpoints endpoints, String user, String password)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection(
        "jdbc:clickhouse:" + endpoints.clickhouseUrl() + "/" + DATABASE, properties);
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The server-side rendering expected for an instant: always six fraction digits, UTC. */
  private static String microsText(Instant at) {
    return MICROS_UTC.format(at);
  }
}
