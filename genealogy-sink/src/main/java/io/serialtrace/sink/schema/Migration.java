package io.serialtrace.sink.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One versioned migration file: {@code V<version>__<name>.sql}, statements separated by a {@code ;}
 * at the end of a line, full-line {@code --} comments, {@code ${database}} for the target database.
 * A step that cannot be made idempotent in SQL (V006 swaps a table) follows a line {@code -- apply
 * only if: <query>}: the statements after that line run only when the query answers 1, the ones
 * before it always.
 */
public record Migration(int version, String fileName, String sql) {
  /** Starts the line whose query guards the statements after it. */
  public static final String CONDITION_PREFIX = "-- apply only if:";

  public static Migration of(String fileName, String sql) {
    if (!fileName.matches("V\\d{3}__[a-z0-9_]+\\.sql")) {
      throw new IllegalArgumentException(
          "migration file " + fileName + " is not named V<3 digits>__<snake_case>.sql");
    }
    return new Migration(Integer.parseInt(fileName.substring(1, 4)), fileName, sql);
  }

  /** SHA-256 of the file text: a released migration must never change. */
  public String checksum() {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Every statement to run against {@code database}, comments removed. */
  public List<String> statements(String database) {
    return statements(sql, database);
  }

  /**
   * The statements to run when the {@link #condition} answers 0: those before its line (all of them
   * without a condition).
   */
  public List<String> unconditionalStatements(String database) {
    int at = sql.indexOf("\n" + CONDITION_PREFIX);
    return statements(at < 0 ? sql : sql.substring(0, at + 1), database);
  }

  /** The query of the {@code -- apply only if:} line, against {@code database}, if there is one. */
  public Optional<String> condition(String database) {
    for (String line : sql.split("\n", -1)) {
      if (line.startsWith(CONDITION_PREFIX)) {
        return Optional.of(
            line.substring(CONDITION_PREFIX.length()).strip().replace("${database}", database));
      }
    }
    return Optional.empty();
  }

  private static List<String> statements(String sql, String database) {
    StringBuilder text = new StringBuilder();
    for (String line : sql.split("\n", -1)) {
      if (!line.strip().startsWith("--")) {
        text.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String part : text.toString().split(";\\s*\n")) {
      String statement = part.strip();
      if (!statement.isEmpty()) {
        statements.add(statement.replace("${database}", database));
      }
    }
    return statements;
  }
}
