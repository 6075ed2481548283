package io.serialtrace.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.serialtrace.helm.RenderedChart.Values;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code helm lint --strict} and {@code helm template} accept the chart with both value sets. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ChartLintTest {

  @Test
  void passesStrictLintWithTheDefaultValues() {
    // 1. lint the chart as shipped (strict: warnings fail too)
    LintResult result = new Helm(RenderedChart.chart()).lint().strict().call();

    // 2. no failure, and nothing worse than INFO reported
    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void passesStrictLintWithTheProductionValues(@TempDir Path temp) throws Exception {
    // 1. helm-java's lint takes no values file: lint a copy whose values.yaml is the production
    // merge
    Path copy = RenderedChart.copyChart(temp.resolve("trace-pipeline"));
    new ObjectMapper(new YAMLFactory())
        .writeValue(
            copy.resolve("values.yaml").toFile(),
            RenderedChart.mergedValues(RenderedChart.chart().resolve("values-production.yaml")));

    // 2. strict lint passes
    LintResult result = new Helm(copy).lint().strict().call();
    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @ParameterizedTest
  @EnumSource(Values.class)
  void rendersEveryServiceWorkload(Values values) {
    // 1. render
    RenderedChart chart = RenderedChart.render(values);

    // 2. the five workloads are there (ingest-edge is ingest's single MQTT + CDC instance)
    assertThat(chart.servicePods().keySet())
        .containsExactlyInAnyOrder(
            "trace-ingest",
            "trace-ingest-edge",
            "trace-gating-streams",
            "trace-genealogy-sink",
            "trace-trace-api");
  }
}
