package io.serialtrace.gate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads every output topic of the gate (read_committed) and compares it with the model's
 * expectation, by key: eventId for decisions and records, violationId + status for violations,
 * serial for completions. A missing, unexpected, different or twice-written output fails.
 */
final class GateOutputs {

  private static final Duration SETTLE = Duration.ofSeconds(3);

  private GateOutputs() {}

  static void assertExactly(GateKafka kafka, GateScript script, Duration timeout) {
    compare(
        "decisions",
        kafka.consumer(kafka.topics.gateDecisions()),
        script.decisions,
        GateScript::decisionKey,
        GateScript::decision,
        timeout);
    compare(
        "records",
        kafka.consumer(kafka.topics.unitRecords()),
        script.records,
        r -> r.getEvent().getEventId().toString(),
        GateScript::record,
        timeout);
    compare(
        "violations",
        kafka.consumer(kafka.topics.violations()),
        script.violations,
        GateScript::violationKey,
        GateScript::violation,
        timeout);
    compare(
        "completions",
        kafka.consumer(kafka.topics.unitsCompleted()),
        script.completions,
        c -> c.getSerial(),
        GateScript::completion,
        timeout);
  }

  /**
   * Exactly the {@code expected} decisions (by {@code eventId/redelivered}: outcome and reasons) on
   * the decisions topic, read read_committed: none missing, none twice, none unexpected.
   */
  static void assertDecisionsExactly(
      GateKafka kafka, Map<String, String> expected, Duration timeout) {
    compare(
        "decisions",
        kafka.consumer(kafka.topics.gateDecisions()),
        expected,
        GateScript::decisionKey,
        GateScript::decision,
        timeout);
  }

  /** Records on the gate's dead-letter topic (fresh per IT), read until {@code stall} passes. */
  static int deadLetters(GateKafka kafka, Duration stall) {
    try (var dlq =
        kafka.consumer(
            io.serialtrace.gate.topics.Topics.GATE_DLQ,
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      return GateKafka.readUntil(dlq, r -> false, stall, Duration.ZERO).size();
    }
  }

  /**
   * Decisions committed so far (read_committed): read until nothing new arrived for {@code stall}
   * (which must cover the consumer's first fetch on a loaded machine).
   */
  static int decisionsSoFar(GateKafka kafka, Duration stall) {
    try (var decisions = kafka.consumer(kafka.topics.gateDecisions())) {
      return GateKafka.readUntil(decisions, r -> false, stall, Duration.ZERO).size();
    }
  }

  private static <V> void compare(
      String what,
      KafkaConsumer<String, V> consumer,
      Map<String, String> expected,
      Function<V, String> key,
      Function<V, String> value,
      Duration timeout) {
    try (consumer) {
      var read = GateKafka.readUntil(consumer, r -> r.size() >= expected.size(), timeout, SETTLE);
      List<String> duplicates = new ArrayList<>();
      Map<String, String> actual = GateKafka.byKey(read, key, value, duplicates);
      List<String> missing =
          expected.keySet().stream().filter(k -> !actual.containsKey(k)).limit(10).toList();
      List<String> unexpected =
          actual.keySet().stream().filter(k -> !expected.containsKey(k)).limit(10).toList();
      List<String> different =
          expected.entrySet().stream()
              .filter(e -> actual.containsKey(e.getKey()))
              .filter(e -> !Objects.equals(actual.get(e.getKey()), e.getValue()))
              .map(
                  e ->
                      e.getKey() + ": expected " + e.getValue() + ", got " + actual.get(e.getKey()))
              .limit(10)
              .toList();
      assertThat(duplicates).as("%s written more than once", what).isEmpty();
      assertThat(missing).as("%s missing (of %d expected)", what, expected.size()).isEmpty();
      assertThat(unexpected).as("%s not expected", what).isEmpty();
      assertThat(different).as("%s different from the model", what).isEmpty();
      assertThat(read).as("%s read", what).hasSize(expected.size());
    }
  }
}
