package io.serialtrace.api.store;

import io.agroal.api.AgroalDataSource;
import io.serialtrace.api.ApiSettings;
import io.serialtrace.api.http.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Runs read-only SQL on ClickHouse through the pooled Agroal datasource (jdbc-v2). Values are
 * inlined as escaped literals ({@link #literal}, {@link #inList}) rather than bound: a level of a
 * genealogy walk sends thousands of serials in one {@code IN (...)}, and inlined literals keep the
 * text exactly what ClickHouse's index analysis sees. Failures become problems: unreachable → 503,
 * anything else → 500, never a stack trace to the client.
 */
@ApplicationScoped
public class ClickHouseStore {
  private final AgroalDataSource dataSource;
  private final ApiSettings settings;

  public ClickHouseStore(AgroalDataSource dataSource, ApiSettings settings) {
    this.dataSource = dataSource;
    this.settings = settings;
  }

  /** One row of a result, read by column label. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(Row row) throws SQLException;
  }

  /** Typed access to the current row, with nullable columns as Optional. */
  public record Row(ResultSet rs) {
    public String text(String column) throws SQLException {
      String value = rs.getString(column);
      return value == null ? "" : value;
    }

    public Optional<String> optionalText(String column) throws SQLException {
      return Optional.ofNullable(rs.getString(column));
    }

    public long number(String column) throws SQLException {
      return rs.getLong(column);
    }

    public double decimal(String column) throws SQLException {
      return rs.getDouble(column);
    }

    public Optional<Double> optionalDecimal(String column) throws SQLException {
      double value = rs.getDouble(column);
      return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    /** A DateTime64 column selected as toUnixTimestamp64Micro(...). */
    public Instant micros(String column) throws SQLException {
      return fromMicros(rs.getLong(column));
    }

    public Optional<Instant> optionalMicros(String column) throws SQLException {
      long value = rs.getLong(column);
      return rs.wasNull() ? Optional.empty() : Optional.of(fromMicros(value));
    }
  }

  /** {@code database.table}. */
  public String table(String name) {
    return settings.database() + "." + name;
  }

  public <T> List<T> query(String sql, RowMapper<T> mapper) {
    String withLimits =
        sql + " SETTINGS max_execution_time = " + Math.max(1, settings.queryTimeout().toSeconds());
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(withLimits)) {
      List<T> rows = new ArrayList<>();
      Row row = new Row(rs);
      while (rs.next()) {
        rows.add(mapper.map(row));
      }
      return rows;
    } catch (SQLException e) {
      throw classify(e);
    }
  }

  /** A ClickHouse string literal: quotes and backslashes escaped. */
  public static String literal(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\0' -> out.append("\\0");
        default -> out.append(c);
      }
    }
    return out.append('\'').toString();
  }

  /** {@code ('a', 'b', ...)} for an IN clause; never empty (callers skip empty sets). */
  public static String inList(Collection<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("an IN list needs at least one value");
    }
    StringBuilder out = new StringBuilder(values.size() * 16).append('(');
    boolean first = true;
    for (String value : values) {
      if (!first) {
        out.append(", ");
      }
      out.append(literal(value));
      first = false;
    }
    return out.append(')').toString();
  }

  /** A DateTime64(6,'UTC') literal. */
  public static String timeLiteral(Instant instant) {
    long micros =
        Math.addExact(
            Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    return "fromUnixTimestamp64Micro(" + micros + ", 'UTC')";
  }

  static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** Connection-level failures (refused, reset, timed out, pool exhausted) are 503; others 500. */
  static RuntimeException classify(SQLException e) {
    if (isUnavailable(e)) {
      return new ApiProblem.Unavailable(
              "ClickHouse cannot be reached: " + firstLine(rootMessage(e)))
          .exception();
    }
    return new ApiProblem.StoreError("ClickHouse query failed: " + firstLine(e.getMessage()))
        .exception();
  }

  static boolean isUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("08")) {
        return true;
      }
      String name = t.getClass().getName();
      String message = String.valueOf(t.getMessage());
      if (name.contains("ConnectException")
          || name.contains("NoHttpResponse")
          || name.contains("ConnectionClosed")
          || message.contains("Connection refused")
          || message.contains("Failed to get connection")
          || message.contains("acquisition timeout")
          || message.contains("Sorry, acquisition timeout")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
