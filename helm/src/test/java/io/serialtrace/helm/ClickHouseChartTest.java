package io.serialtrace.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.serialtrace.helm.RenderedChart.Values;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ClickHouse: external by default; in production an Altinity installation plus the migrations hook.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClickHouseChartTest {

  private static final List<String> SINK_FILES =
      List.of(
          "db/migration/migrations.txt",
          "db/migration/V001__tables.sql",
          "db/migration/V002__analyst_views.sql",
          "db/migration/V003__unit_records_event_avro.sql",
          "db/migration/V004__record_access.sql",
          "db/cluster/cluster-layout.sql");

  private static String sinkResource(String path) throws IOException {
    try (InputStream in = ClickHouseChartTest.class.getResourceAsStream("/" + path)) {
      assertThat(in).as("sink resource %s", path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void chartCopiesOfTheSinkMigrationsAreIdenticalAndComplete() throws IOException {
    // 1. each sink file, byte for byte, in files/clickhouse
    for (String path : SINK_FILES) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      assertThat(Files.readString(RenderedChart.chart().resolve("files/clickhouse/" + name)))
          .as("chart copy of %s", path)
          .isEqualTo(sinkResource(path));
    }
    // 2. every migration the sink lists is among the files checked above
    sinkResource("db/migration/migrations.txt")
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .forEach(file -> assertThat(SINK_FILES).contains("db/migration/" + file));
  }

  @Test
  void usesExternalClickHouseByDefault() {
    // 1. default values
    RenderedChart chart = RenderedChart.render(Values.DEFAULT);
    // 2. no operator resources, no hook Job
    assertThat(chart.objects())
        .noneMatch(o -> o.getKind().startsWith("ClickHouse") || o.getKind().equals("Job"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void installsTheShardedReplicatedClusterWithItsMigrationsJobInProduction(@TempDir Path temp)
      throws IOException {
    // helm-java's template leaves hooks out of its output (helm's CLI appends them), so the Job is
    // rendered here as a plain Job (migrations.hook=false); the hook annotations are checked in
    // the template source below.
    Path plainJob = temp.resolve("plain-job.yaml");
    Files.writeString(plainJob, "clickhouse:\n  migrations:\n    hook: false\n");
    RenderedChart chart =
        RenderedChart.render(RenderedChart.chart().resolve("values-production.yaml"), plainJob);
    // 1. a ClickHouseInstallation with the production layout and Keeper for replication
    var chi = chart.one("ClickHouseInstallation", "trace", GenericKubernetesResource.class);
    Map<String, Object> configuration =
        (Map<String, Object>) chi.getAdditionalProperties().get("spec");
    configuration = (Map<String, Object>) configuration.get("configuration");
    var cluster = ((List<Map<String, Object>>) configuration.get("clusters")).getFirst();
    assertThat(cluster).containsEntry("name", "trace");
    assertThat((Map<String, Object>) cluster.get("layout"))
        .containsEntry("shardsCount", 3)
        .containsEntry("replicasCount", 2);
    assertThat(chart.objects()).anyMatch(o -> o.getKind().equals("ClickHouseKeeperInstallation"));

    // 2. the migrations Job, a hook after install and before every upgrade when hook=true
    Job job = chart.one("Job", "trace-clickhouse-migrations", Job.class);
    assertThat(
            Files.readString(RenderedChart.chart().resolve("templates/clickhouse-migrations.yaml")))
        .contains("helm.sh/hook: post-install,pre-upgrade");
    assertThat(
            job.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getSecurityContext()
                .getReadOnlyRootFilesystem())
        .isTrue();

    // 3. it carries the sink's files unchanged (the checksums it records must match the sink's)
    ConfigMap files = chart.one("ConfigMap", "trace-clickhouse-migrations", ConfigMap.class);
    for (String path : SINK_FILES) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      assertThat(files.getData().get(name)).as(name).isEqualTo(sinkResource(path));
    }
    // 4. and addresses every replica of every shard
    assertThat(files.getData().get("migrate.sh"))
        .contains(
            "chi-trace-trace-0-0 chi-trace-trace-0-1 chi-trace-trace-1-0 chi-trace-trace-1-1"
                + " chi-trace-trace-2-0 chi-trace-trace-2-1");
  }
}
