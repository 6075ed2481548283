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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ClickHouse: external by default; in production an Altinity installation plus the migrations hook.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClickHouseChartTest {

  /** The sink's files the chart carries: its migration list, each migration listed, the layout. */
  private static List<String> sinkFiles() throws IOException {
    List<String> files = new ArrayList<>();
    files.add("db/migration/migrations.txt");
    listedMigrations().forEach(file -> files.add("db/migration/" + file));
    files.add("db/cluster/cluster-layout.sql");
    return files;
  }

  private static List<String> listedMigrations() throws IOException {
    return sinkResource("db/migration/migrations.txt")
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .toList();
  }

  private static String sinkResource(String path) throws IOException {
    try (InputStream in = ClickHouseChartTest.class.getResourceAsStream("/" + path)) {
      assertThat(in).as("sink resource %s", path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void chartCopiesOfTheSinkMigrationsAreIdenticalAndComplete() throws IOException {
    // 1. each sink file, byte for byte, in files/clickhouse
    for (String path : sinkFiles()) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      assertThat(Files.readString(RenderedChart.chart().resolve("files/clickhouse/" + name)))
          .as("chart copy of %s", path)
          .isEqualTo(sinkResource(path));
    }
    // 2. and no migration the sink does not list (a stale copy would run in production only)
    try (Stream<Path> copies = Files.list(RenderedChart.chart().resolve("files/clickhouse"))) {
      assertThat(
              copies.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql")))
          .containsExactlyInAnyOrderElementsOf(listedMigrations());
    }
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
    for (String path : sinkFiles()) {
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
