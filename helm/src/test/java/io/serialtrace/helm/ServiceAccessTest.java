package io.serialtrace.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.topics.Topics;
import io.serialtrace.schemas.topics.Service;
import io.serialtrace.sink.SinkTopic;
import io.serialtrace.stack.kafka.ServiceAccess;
import io.serialtrace.stack.kafka.ServiceAccess.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Kafka access derived from the topic registry ({@link ServiceAccess}, in the local-stack
 * module, which cannot see the services) names exactly the topics, group and application id the
 * services' own registries and settings declare. This module sees both sides, so the check lives
 * here.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ServiceAccessTest {

  @Test
  void ingestWritesAndReadsWhatItsSettingsName() {
    assertThat(ServiceAccess.writes(Service.INGEST))
        .containsExactlyInAnyOrderElementsOf(CodeTopics.ingestProduces());
    assertThat(ServiceAccess.reads(Service.INGEST))
        .containsExactlyInAnyOrderElementsOf(CodeTopics.ingestConsumes());
  }

  @Test
  void gateWritesAndReadsWhatItsTopicRegistryNames() {
    List<String> writes = new ArrayList<>(Topics.outputs());
    writes.addAll(Topics.loops());
    List<String> reads = new ArrayList<>(Topics.inputs());
    reads.addAll(Topics.loops());

    assertThat(ServiceAccess.writes(Service.GATE)).containsExactlyInAnyOrderElementsOf(writes);
    assertThat(ServiceAccess.reads(Service.GATE)).containsExactlyInAnyOrderElementsOf(reads);
  }

  @Test
  void sinkReadsItsRegistryTopicsUnderItsGroupAndWritesItsDeadLetters() {
    assertThat(ServiceAccess.reads(Service.SINK))
        .containsExactlyInAnyOrderElementsOf(SinkTopic.names());
    assertThat(ServiceAccess.writes(Service.SINK)).containsExactly(CodeTopics.sinkDeadLetters());
    assertThat(Names.SINK_GROUP).isEqualTo(CodeTopics.sinkGroup());
  }

  @Test
  void apiOnlyReadsTheViolationStreamAndTheRecordCheckpoints() {
    assertThat(ServiceAccess.writes(Service.API)).isEmpty();
    assertThat(ServiceAccess.reads(Service.API))
        .containsExactlyInAnyOrder(Topics.VIOLATIONS, Topics.RECORD_CHECKPOINTS);
  }

  @Test
  void gateApplicationIdIsTheChartsAndTheApplicationsOne() throws Exception {
    // 1. the chart renders the declared one into the gate's configuration
    assertThat(
            RenderedChart.render(RenderedChart.Values.DEFAULT)
                .serviceConfig("gating-streams")
                .getProperty("quarkus.kafka-streams.application-id"))
        .isEqualTo(Names.GATE_APPLICATION_ID);

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
    for (Service service : Service.values()) {
      granted.addAll(ServiceAccess.writes(service));
      granted.addAll(ServiceAccess.reads(service));
    }
    assertThat(granted).containsAll(CodeTopics.all());
  }
}
