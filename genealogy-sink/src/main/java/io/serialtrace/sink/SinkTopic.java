package io.serialtrace.sink;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The topics the sink consumes: one registry of names, used by the loop, the mapper and tests. */
public enum SinkTopic {
  /** Accepted, hash-chained records; value {@code UnitRecord}, key serial. */
  UNIT_RECORDS("trace.unit-records.v1"),
  /** Violations, OPEN then DISPOSITIONED; value {@code Violation}, key serial. */
  VIOLATIONS("trace.violations.v1"),
  /** Genealogy edges; value {@code GenealogyEdge}, key parent serial. */
  GENEALOGY("trace.genealogy.v1"),
  /** Closed units; value {@code UnitCompleted}, key serial. */
  UNITS_COMPLETED("trace.units-completed.v1");

  private final String topicName;

  SinkTopic(String topicName) {
    this.topicName = topicName;
  }

  public String topicName() {
    return topicName;
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(SinkTopic::topicName).toList();
  }

  public static Optional<SinkTopic> byName(String name) {
    return Arrays.stream(values()).filter(t -> t.topicName.equals(name)).findFirst();
  }
}
