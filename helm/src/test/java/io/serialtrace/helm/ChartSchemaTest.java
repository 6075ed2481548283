package io.serialtrace.helm;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** values.schema.json refuses values that would deploy something broken. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ChartSchemaTest {

  @TempDir Path temp;

  private Path values(String yaml) throws Exception {
    Path file = Files.createTempFile(temp, "values-", ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void acceptsAValidOverride() throws Exception {
    // 1. a sensible override: more gate instances and standbys
    Path file = values("gatingStreams:\n  replicas: 4\n  standbyReplicas: 2\n");

    // 2. renders
    assertThatCode(() -> RenderedChart.render(file)).doesNotThrowAnyException();
  }

  @Test
  void refusesAMistypedKey() throws Exception {
    // 1. "standbyReplica" (singular) would silently do nothing without the schema
    Path file = values("gatingStreams:\n  standbyReplica: 2\n");

    // 2. helm refuses and names the property
    assertThatThrownBy(() -> RenderedChart.render(file)).hasMessageContaining("standbyReplica");
  }

  @Test
  void refusesAWrongType() throws Exception {
    // 1. a string where a count is expected
    Path file = values("gatingStreams:\n  standbyReplicas: one\n");

    // 2. refused
    assertThatThrownBy(() -> RenderedChart.render(file)).hasMessageContaining("standbyReplicas");
  }

  @Test
  void refusesAContainerWithoutLimits() throws Exception {
    // 1. limits removed from the sink
    Path file = values("genealogySink:\n  resources:\n    limits: null\n");

    // 2. refused: every container must be bounded
    assertThatThrownBy(() -> RenderedChart.render(file)).hasMessageContaining("limits");
  }

  @Test
  void refusesTheOneClickHouseUserOfEarlierVersions() throws Exception {
    // 1. an earlier values file: one shared ClickHouse user for every service
    Path file = values("clickhouse:\n  user: trace\n");

    // 2. refused rather than ignored: each user and its Secret now come from the declarations
    assertThatThrownBy(() -> RenderedChart.render(file)).hasMessageContaining("user");
  }

  @Test
  void refusesATopicListInValues() throws Exception {
    // 1. topics as values, as in earlier versions: they come from the code's declaration now
    Path file =
        values(
            """
            kafka:
              topics:
                - name: trace.routes.v1
                  cleanupPolicy: compact
            """);

    // 2. refused
    assertThatThrownBy(() -> RenderedChart.render(file)).hasMessageContaining("topics");
  }
}
