package io.serialtrace.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.topics.Topics;
import io.serialtrace.helm.RenderedChart.Values;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The chart's KafkaTopics are exactly the code's topics, with the right shape. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ChartTopicsTest {

  private static List<KafkaTopic> topics(Values values) {
    return RenderedChart.render(values).all("KafkaTopic", KafkaTopic.class);
  }

  @ParameterizedTest
  @EnumSource(Values.class)
  void declaresExactlyTheTopicsOfTheCodeRegistries(Values values) {
    // 1. render and collect topic names
    List<String> names = topics(values).stream().map(t -> t.getSpec().getTopicName()).toList();

    // 2. every registry topic once, no extra one
    assertThat(names).containsExactlyInAnyOrderElementsOf(CodeTopics.all());
  }

  @Test
  void everyTopicAServiceNamesIsARegistryTopic() {
    assertThat(CodeTopics.all()).containsAll(CodeTopics.usedByServices());
  }

  @ParameterizedTest
  @EnumSource(Values.class)
  void compactsOnlyTheStateTopics(Values values) {
    // 1. render
    Map<String, Object> policies =
        topics(values).stream()
            .collect(
                Collectors.toMap(
                    t -> t.getSpec().getTopicName(),
                    t -> t.getSpec().getConfig().get("cleanup.policy")));

    // 2. compact exactly where the code says the topic is state, delete elsewhere
    CodeTopics.all()
        .forEach(
            topic ->
                assertThat(policies.get(topic))
                    .as("cleanup.policy of %s", topic)
                    .isEqualTo(CodeTopics.compacted().contains(topic) ? "compact" : "delete"));
  }

  @ParameterizedTest
  @EnumSource(Values.class)
  void givesEveryTopicReplicationMinIsrAndRetention(Values values) {
    for (KafkaTopic topic : topics(values)) {
      var spec = topic.getSpec();
      // 1. three replicas, two in sync required: one broker may fail without losing an acked write
      assertThat(spec.getReplicas()).as(spec.getTopicName()).isEqualTo(3);
      assertThat(spec.getConfig()).containsEntry("min.insync.replicas", 2);
      // 2. a deleting topic says how long; a compacted one keeps its latest values for ever
      if ("delete".equals(spec.getConfig().get("cleanup.policy"))) {
        assertThat(((Number) spec.getConfig().get("retention.ms")).longValue())
            .as("retention.ms of %s", spec.getTopicName())
            .isPositive();
      } else {
        assertThat(spec.getConfig()).doesNotContainKey("retention.ms");
      }
      // 3. the Strimzi cluster label, or the topic operator ignores it
      assertThat(topic.getMetadata().getLabels())
          .containsEntry("strimzi.io/cluster", "trace-kafka");
    }
  }

  @Test
  void givesTheUnitKeyedTopicsTheSamePartitionCountInProduction() {
    // 1. production values
    Map<String, Integer> partitions =
        topics(Values.PRODUCTION).stream()
            .collect(
                Collectors.toMap(
                    t -> t.getSpec().getTopicName(), t -> t.getSpec().getPartitions()));

    // 2. the gate's input and its unit-keyed outputs: 24 (the production sizing); routes and
    //    dead letters: 1
    List.of(
            Topics.PRODUCTION_EVENTS,
            Topics.GATE_DECISIONS,
            Topics.UNIT_RECORDS,
            Topics.VIOLATIONS,
            Topics.GENEALOGY,
            Topics.UNITS_COMPLETED)
        .forEach(topic -> assertThat(partitions).as(topic).containsEntry(topic, 24));
    List.of(Topics.ROUTES, Topics.GATE_DLQ, CodeTopics.sinkDeadLetters())
        .forEach(topic -> assertThat(partitions).as(topic).containsEntry(topic, 1));
  }
}
