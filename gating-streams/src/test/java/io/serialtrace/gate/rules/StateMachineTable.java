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

/** Reads the rule table of docs/STATE_MACHINE.md: the test matrix. */
public final class StateMachineTable {

  public static final Path DOC = Path.of("docs", "STATE_MACHINE.md");

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

  public static Map<String, Row> rows() {
    List<String> lines;
    try {
      lines = Files.readAllLines(DOC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = lines.indexOf("<!-- rule-table:start -->");
    int end = lines.indexOf("<!-- rule-table:end -->");
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : lines.subList(start + 3, end)) {
      String[] cells = line.split("\\|");
      // cells[0] is the empty text before the leading pipe.
      String reasons = cells[5].trim();
      rows.put(
          cells[1].trim(),
          new Row(
              cells[1].trim(),
              cells[2].trim(),
              cells[3].trim(),
              cells[4].trim(),
              reasons.equals("—")
                  ? List.of()
                  : Arrays.stream(reasons.split(","))
                      .map(String::trim)
                      .map(ViolationCode::valueOf)
                      .toList(),
              cells[6].trim()));
    }
    return rows;
  }
}
