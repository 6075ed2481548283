package io.serialtrace.gate.rules;

import io.serialtrace.schemas.ViolationStatus;
import io.serialtrace.schemas.violation.ViolationKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Reads the violation lifecycle table of docs/STATE_MACHINE.md. */
final class ViolationLifecycleTable {

  private static final String HEADER = "| code | kind | raised when | witness | ends |";
  private static final String SEPARATOR = "|---|---|---|---|---|";

  /**
   * One row, as written: {@code code} is checked against ViolationCode by the test, so a row naming
   * no code fails there rather than here.
   *
   * @param witness the rule-table row (or claim-table row, C02 / C03) whose arrangement raises the
   *     code
   */
  record Row(String code, ViolationKind kind, String witness, Set<ViolationStatus> ends) {
    @Override
    public String toString() {
      return code;
    }
  }

  private ViolationLifecycleTable() {}

  static List<Row> rows() {
    List<String> lines;
    try {
      lines = Files.readAllLines(StateMachineTable.DOC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = lines.indexOf("<!-- lifecycle-table:start -->");
    int end = lines.indexOf("<!-- lifecycle-table:end -->");
    if (start < 0 || end < start) {
      throw new IllegalStateException("No lifecycle table in " + StateMachineTable.DOC);
    }
    List<Row> rows = new ArrayList<>();
    for (String line : lines.subList(start + 1, end)) {
      if (line.equals(HEADER) || line.equals(SEPARATOR)) {
        continue;
      }
      String[] cells = line.split("\\|");
      if (!line.startsWith("| ") || cells.length != 6) {
        throw new IllegalStateException("Not a row of the lifecycle table: " + line);
      }
      String ends = cells[5].trim();
      Set<ViolationStatus> statuses = EnumSet.noneOf(ViolationStatus.class);
      if (!ends.equals("—")) {
        Arrays.stream(ends.split(","))
            .map(String::trim)
            .map(ViolationStatus::valueOf)
            .forEach(statuses::add);
      }
      rows.add(
          new Row(
              cells[1].trim(), ViolationKind.valueOf(cells[2].trim()), cells[4].trim(), statuses));
    }
    return rows;
  }
}
