package io.serialtrace.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTest {
  /** As the services' Quarkus ObjectMapper: Optional support registered. */
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module());

  private static final ProblemType KAFKA_UNAVAILABLE =
      new ProblemType.Definition("kafka-unavailable", "Not stored", 503);

  @Test
  void everyTypeIsAnUrnOfTheOneScheme() {
    assertThat(KAFKA_UNAVAILABLE.uri()).isEqualTo("urn:serialtrace:problem:kafka-unavailable");
  }

  @Test
  void aSlugThatIsNotLowerCaseWordsIsRefused() {
    assertThatThrownBy(() -> new ProblemType.Definition("Not Found", "Bad", 404))
        .hasMessageContaining("Not Found");
  }

  @Test
  void writesTheStandardMembersAndTheExtensionsAtTheTopLevel() throws Exception {
    Problem problem =
        Problem.of(KAFKA_UNAVAILABLE, "2 of 3 events were not stored")
            .at("/v1/events")
            .with("errors", List.of(Map.of("field", "serial")))
            .with("parameter", "serial");

    JsonNode json = JSON.valueToTree(problem);

    assertThat(json.get("type").asText()).isEqualTo("urn:serialtrace:problem:kafka-unavailable");
    assertThat(json.get("title").asText()).isEqualTo("Not stored");
    assertThat(json.get("status").asInt()).isEqualTo(503);
    assertThat(json.get("detail").asText()).isEqualTo("2 of 3 events were not stored");
    assertThat(json.get("instance").asText()).isEqualTo("/v1/events");
    assertThat(json.get("errors").get(0).get("field").asText()).isEqualTo("serial");
    assertThat(json.get("parameter").asText()).isEqualTo("serial");
    assertThat(json.properties())
        .extracting(Map.Entry::getKey)
        .containsExactly("type", "title", "status", "detail", "instance", "errors", "parameter");
  }

  @Test
  void leavesOutWhatIsEmpty() throws Exception {
    Problem problem = Problem.of(KAFKA_UNAVAILABLE, null).with("accepted", List.of());

    JsonNode json = JSON.valueToTree(problem);

    assertThat(json.properties())
        .extracting(Map.Entry::getKey)
        .containsExactly("type", "title", "status");
  }

  @Test
  void anExtensionCannotOverwriteAStandardMember() {
    Problem problem = Problem.of(KAFKA_UNAVAILABLE, "down");

    assertThatThrownBy(() -> problem.with("status", 200)).hasMessageContaining("status");
  }

  @Test
  void aSpecificTitleKeepsTheType() {
    Problem problem = Problem.of(KAFKA_UNAVAILABLE, "down").titled("Kafka down");

    assertThat(problem.title()).isEqualTo("Kafka down");
    assertThat(problem.type()).isEqualTo(KAFKA_UNAVAILABLE.uri());
  }
}
