package io.serialtrace.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TraceTopicTest {

  @Test
  void everyTopicNameIsDeclaredOnceAndVersioned() {
    assertThat(Arrays.stream(TraceTopic.values()).map(TraceTopic::topicName))
        .doesNotHaveDuplicates()
        .allMatch(name -> name.startsWith("trace.") && name.matches(".*\\.v\\d+$"));
  }

  @ParameterizedTest
  @EnumSource(TraceTopic.class)
  void aCompactedTopicIsKeptForeverAndEveryOtherHasARetention(TraceTopic topic) {
    assertThat(topic.retention().isEmpty())
        .as("%s: no time limit exactly when compacted", topic)
        .isEqualTo(topic.cleanup() == TraceTopic.Cleanup.COMPACT);
  }

  @Test
  void theGatesInputAndItsFeedbackLoopsAreCoPartitioned() {
    assertThat(TraceTopic.COMPONENT_VIOLATIONS.defaultPartitions())
        .isEqualTo(TraceTopic.CLAIM_ANSWERS.defaultPartitions())
        .isEqualTo(TraceTopic.PRODUCTION_EVENTS.defaultPartitions())
        .isEqualTo(TraceTopic.UNIT_KEYED_PARTITIONS);
  }

  @ParameterizedTest
  @EnumSource(TraceTopic.class)
  void everyTopicHasAWriterAndAReader(TraceTopic topic) {
    assertThat(topic.writers()).as("writers of %s", topic).isNotEmpty().doesNotHaveDuplicates();
    assertThat(topic.readers()).as("readers of %s", topic).isNotEmpty().doesNotHaveDuplicates();
  }

  @Test
  void thePlatformCreatesEveryPipelineTopic() {
    assertThat(TraceTopic.createdByPlatform()).containsExactly(TraceTopic.values());
  }

  @Test
  void onlyServiceReadersAreServiceReaders() {
    assertThat(TraceTopic.UNITS_COMPLETED.readers())
        .containsExactly(Service.SINK, OutsideReader.ERP);
    assertThat(TraceTopic.UNITS_COMPLETED.serviceReaders()).containsExactly(Service.SINK);
    assertThat(TraceTopic.GATE_DEAD_LETTERS.serviceReaders()).isEmpty();
  }

  @Test
  void deadLettersKeepTheRawBytesTheyCouldNotRead() {
    assertThat(TraceTopic.values())
        .filteredOn(topic -> topic.topicName().endsWith("-dlq.v1"))
        .hasSize(3)
        .allSatisfy(topic -> assertThat(topic.value()).isInstanceOf(RecordFormat.RawBytes.class));
  }

  @Test
  void servicesHaveDistinctPrincipalsAndModules() {
    assertThat(Arrays.stream(Service.values()).map(Service::principal)).doesNotHaveDuplicates();
    assertThat(Arrays.stream(Service.values()).map(Service::module)).doesNotHaveDuplicates();
  }

  @Test
  void aTopicIsFoundByItsKafkaName() {
    assertThat(TraceTopic.named("trace.routes.v1")).contains(TraceTopic.ROUTES);
    assertThat(TraceTopic.named("trace.unknown.v1")).isEmpty();
  }
}
