package io.serialtrace.sink;

import io.serialtrace.schemas.topics.TraceTopic;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The topics the sink consumes (names from the pipeline's topic registry, {@link TraceTopic}), used
 * by the loop, the mapper and tests.
 */
public enum SinkTopic {
  /** Accepted, hash-chained records; value {@code UnitRecord}, key serial. */
  UNIT_RECORDS(TraceTopic.UNIT_RECORDS),
  /** Violations, OPEN then DISPOSITIONED; value {@code Violation}, key serial. */
  VIOLATIONS(TraceTopic.VIOLATIONS),
  /** Genealogy edges; value {@code GenealogyEdge}, key parent serial. */
  GENEALOGY(TraceTopic.GENEALOGY),
  /** Closed units; value {@code UnitCompleted}, key serial. */
  UNITS_COMPLETED(TraceTopic.UNITS_COMPLETED);

  private final String topicName;

  SinkTopic(TraceTopic topic) {
    this.topicName = topic.topicName();
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
