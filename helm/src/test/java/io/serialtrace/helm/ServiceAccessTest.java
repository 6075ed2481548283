package io.serialtrace.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.topics.Topics;
import io.serialtrace.sink.SinkTopic;
import io.serialtrace.stack.kafka.ServiceAccess;
import io.serialtrace.stack.kafka.ServiceAccess.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Kafka access declaration ({@link ServiceAccess}, in the local-stack module, which cannot see
 * the services) names exactly the topics, group and application id the services' own registries and
 * settings declare. This module sees both sides, so the check lives here.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ServiceAccessTest {

  @Test
  void ingestWritesAndReadsWhatItsSettingsName() {
    assertThat(ServiceAccess.INGEST.writes())
        .containsExactlyInAnyOrderElementsOf(CodeTopics.ingestProduces());
    assertThat(ServiceAccess.INGEST.reads())
        .containsExactlyInAnyOrderElementsOf(CodeTopics.ingestConsumes());
  }

  @Test
  void gateWritesAndReadsWhatItsTopicRegistryNames() {
    List<String> writes = new ArrayList<>(Topics.outputs());
    writes.addAll(Topics.loops());
    List<String> reads = new ArrayList<>(Topics.inputs());
    reads.addAll(Topics.loops());

    assertThat(ServiceAccess.GATE.writes()).containsExactlyInAnyOrderElementsOf(writes);
    assertThat(ServiceAccess.GATE.reads()).containsExactlyInAnyOrderElementsOf(reads);
  }

  @Test
  void sinkReadsItsRegistryTopicsUnderItsGroupAndWritesItsDeadLetters() {
    assertThat(ServiceAccess.SINK.reads()).containsExactlyInAnyOrderElementsOf(SinkTopic.names());
    assertThat(ServiceAccess.SINK.writes()).containsExactly(CodeTopics.sinkDeadLetters());
    assertThat(Names.SINK_GROUP).isEqualTo(CodeTopics.sinkGroup());
  }

  @Test
  void apiOnlyReadsTheViolationStream() {
    assertThat(ServiceAccess.API.writes()).isEmpty();
    assertThat(ServiceAccess.API.reads()).containsExactly(Topics.VIOLATIONS);
  }

  @Test
  void gateApplicationIdIsTheChartsAndTheApplicationsOne() throws Exception {
    // 1. the chart's value
    @SuppressWarnings("unchecked")
    Map<String, Object> gate =
        (Map<String, Object>) RenderedChart.mergedValues().get("gatingStreams");
    assertThat(gate.get("applicationId")).isEqualTo(Names.GATE_APPLICATION_ID);

    // 2. the gate's packaged application.properties (each service has one on this classpath)
    String gateLocation =
        Topics.class.getProtectionDomain().getCodeSource().getLocation().toString();
    var properties = new java.util.Properties();
    var candidates = Topics.class.getClassLoader().getResources("application.properties");
    while (candidates.hasMoreElements()) {
      var url = candidates.nextElement();
      if (url.toString().contains(gateLocation.replaceFirst("^file:", ""))) {
        try (var in = url.openStream()) {
          properties.load(in);
        }
      }
    }
    assertThat(properties.getProperty("quarkus.kafka-streams.application-id"))
        .isEqualTo(Names.GATE_APPLICATION_ID);
  }

  @Test
  void everyTopicOfTheCodeIsGrantedToSomeService() {
    List<String> granted = new ArrayList<>();
    for (ServiceAccess service : ServiceAccess.values()) {
      granted.addAll(service.writes());
      granted.addAll(service.reads());
    }
    assertThat(granted).containsAll(CodeTopics.all());
  }
}
