package io.serialtrace.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.helm.RenderedChart.Values;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chart's topics, Kafka rights and ClickHouse users are exactly the code's declarations ({@link
 * DeclarationDrift}), and a chart that drifts from them — edited generated data, a hand-written
 * right in a template — is caught.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ChartDeclarationsTest {

  @ParameterizedTest
  @EnumSource(Values.class)
  void rendersExactlyTheDeclaredTopicsKafkaRightsAndClickHouseUsers(Values values) {
    // 1. render
    RenderedChart chart = RenderedChart.render(values);

    // 2. production installs ClickHouse, so its users are compared too (not vacuously)
    if (values == Values.PRODUCTION) {
      assertThat(chart.objects()).anyMatch(o -> o.getKind().equals("ClickHouseInstallation"));
    }

    // 3. nothing differs
    assertThat(DeclarationDrift.differences(chart)).isEmpty();
  }

  @Test
  void catchesAChartThatGrantsOrKeepsOtherwiseThanDeclared(@TempDir Path temp) throws Exception {
    // 1. a copy of the chart whose generated data was edited by hand: the sink's ClickHouse user
    //    gets ALL, the gate's decisions are kept two days instead of one
    Path copy = RenderedChart.copyChart(temp.resolve("trace-pipeline"));
    Path data = copy.resolve(ChartDeclarations.FILE);
    String declared = Files.readString(data);
    String edited =
        declared
            .replace("\"GRANT INSERT, SELECT ON trace.*\"", "\"GRANT ALL ON trace*.*\"")
            .replace("retentionMs: 86400000", "retentionMs: 172800000");
    assertThat(edited).isNotEqualTo(declared);
    Files.writeString(data, edited);

    // 2. and a template that hands every KafkaUser a right of its own
    Path users = copy.resolve("templates/kafka-users.yaml");
    Files.writeString(
        users,
        Files.readString(users)
            .replace(
                "    acls:\n",
                "    acls:\n"
                    + "      - resource: {type: topic, name: trace.unit-records.v1, patternType: literal}\n"
                    + "        operations: [Write]\n"
                    + "        host: \"*\"\n"));

    // 3. rendered with the production values (ClickHouse installed), every edit is reported
    List<String> differences =
        DeclarationDrift.differences(
            RenderedChart.renderFolder(copy, copy.resolve("values-production.yaml")));
    assertThat(differences)
        .anySatisfy(d -> assertThat(d).startsWith("trace_sink grants: declared"))
        .anySatisfy(
            d ->
                assertThat(d)
                    .isEqualTo("GATE_DECISIONS retention.ms: declared 86400000, chart 172800000"))
        .anySatisfy(
            d ->
                assertThat(d)
                    .isEqualTo(
                        "trace-trace-api may WRITE on TOPIC LITERAL trace.unit-records.v1,"
                            + " which is not declared"));
    // 4. the gate does write unit records: for it the same line is no difference
    assertThat(differences).noneMatch(d -> d.startsWith("trace-gating-streams"));
  }
}
