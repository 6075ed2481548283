package io.serialtrace.gate.rules;

import io.serialtrace.schemas.ViolationCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads the rule table of docs/STATE_MACHINE.md: the test matrix. */
public final class StateMachineTable {

  public static final Path DOC = Path.of("docs", "STATE_MACHINE.md");

  private static final Pattern ROW = Pattern.compile("\\| R\\d+ \\|");
  private static final String HEADER =
      "| id | unit state | incoming | outcome | reasons | next status |";
  private static final String SEPARATOR = "|---|---|---|---|---|---|";

  /** One row: expected outcome (ACCEPTED, REJECTED or CLOCK), reasons and next status. */
  public record Row(
      String id,
      String state,
      String incoming,
      String outcome,
      List<ViolationCode> reasons,
      String nextStatus) {
    @Override
    public String toString() {
      return id + " " + state + " + " + incoming;
    }
  }

  private StateMachineTable() {}

  /**
   * The rows of one of the "Across units" tables, between {@code <!-- name:start -->} and {@code
   * <!-- name:end -->}: id → the cells after the id, trimmed. Its header and separator are skipped;
   * any other line fails.
   */
  public static Map<String, List<String>> acrossUnits(String name) {
    List<String> lines = lines();
    int start = lines.indexOf("<!-- " + name + ":start -->");
    int end = lines.indexOf("<!-- " + name + ":end -->");
    if (start < 0 || end < start) {
      throw new IllegalStateException("No table " + name + " in " + DOC);
    }
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : lines.subList(start + 1, end)) {
      if (line.startsWith("| id |") || line.startsWith("|---")) {
        continue;
      }
      if (!line.matches("\\| C\\d+ \\|.*")) {
        throw new IllegalStateException("Not a row of table " + name + ": " + line);
      }
      List<String> cells = Arrays.stream(line.split("\\|")).skip(1).map(String::trim).toList();
      if (rows.put(cells.get(0), cells.subList(1, cells.size())) != null) {
        throw new IllegalStateException("Row " + cells.get(0) + " appears twice");
      }
    }
    return rows;
  }

  /** A reasons cell: codes separated by commas, or — for none. */
  public static List<ViolationCode> reasons(String cell) {
    return cell.equals("—")
        ? List.of()
        : Arrays.stream(cell.split(",")).map(String::trim).map(ViolationCode::valueOf).toList();
  }

  private static List<String> lines() {
    try {
      return Files.readAllLines(DOC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Map<String, Row> rows() {
    List<String> lines = lines();
    int start = lines.indexOf("<!-- rule-table:start -->");
    int end = lines.indexOf("<!-- rule-table:end -->");
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : lines.subList(start + 1, end)) {
      // The rows are grouped under a heading per rule family, each group its own sub-table with
      // the same header; anything that is neither a row nor that layout is a mistake in the doc.
      if (!ROW.matcher(line).lookingAt()) {
        if (!(line.isBlank()
            || line.startsWith("### ")
            || line.equals(HEADER)
            || line.equals(SEPARATOR))) {
          throw new IllegalStateException("Not a row of the rule table: " + line);
        }
        continue;
      }
      String[] cells = line.split("\\|");
      // cells[0] is the empty text before the leading pipe.
      String reasons = cells[5].trim();
      if (rows.containsKey(cells[1].trim())) {
        throw new IllegalStateException("Row " + cells[1].trim() + " appears twice");
      }
      rows.put(
          cells[1].trim(),
          new Row(
              cells[1].trim(),
              cells[2].trim(),
              cells[3].trim(),
              cells[4].trim(),
              reasons(reasons),
              cells[6].trim()));
    }
    return rows;
  }
}
