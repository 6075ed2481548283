package io.serialtrace.sink.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One versioned migration file: {@code V<version>__<name>.sql}, statements separated by a {@code ;}
 * at the end of a line, full-line {@code --} comments, {@code ${database}} for the target database.
 */
public record Migration(int version, String fileName, String sql) {

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

  /** The statements to run against {@code database}, comments removed. */
  public List<String> statements(String database) {
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
