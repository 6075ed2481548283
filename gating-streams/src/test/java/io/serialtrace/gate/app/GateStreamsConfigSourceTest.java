package io.serialtrace.gate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.topics.Topics;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GateStreamsConfigSourceTest {

  @Test
  void kafkaStreamsWaitsForEveryTopicTheTopologyReads() {
    String topics = new GateStreamsConfigSource().getValue(GateStreamsConfigSource.TOPICS);

    assertThat(Arrays.asList(topics.split(",")))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.Stream.concat(Topics.inputs().stream(), Topics.loops().stream())
                .toList());
  }

  @Test
  void theTopologysDeadLetterSettingsReachKafkaStreams() {
    GateStreamsConfigSource source = new GateStreamsConfigSource();

    assertThat(source.getPropertyNames())
        .filteredOn(name -> name.startsWith("kafka-streams."))
        .isNotEmpty();
  }
}
