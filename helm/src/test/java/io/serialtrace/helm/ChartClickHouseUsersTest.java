package io.serialtrace.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.serialtrace.helm.RenderedChart.Values;
import io.serialtrace.stack.clickhouse.ClickHouseAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Least privilege in production's ClickHouse: no user holds {@code ALL}, and the sink and trace-api
 * log in as different users, each with its own Secret; only the migrations log in as the owner.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ChartClickHouseUsersTest {

  @Test
  @SuppressWarnings("unchecked")
  void noClickHouseUserOfTheChartHoldsAll() {
    // 1. the production rendering installs ClickHouse with its users
    var chi =
        RenderedChart.render(Values.PRODUCTION)
            .one("ClickHouseInstallation", "trace", GenericKubernetesResource.class);
    var spec = (Map<String, Object>) chi.getAdditionalProperties().get("spec");
    var users =
        (Map<String, Object>) ((Map<String, Object>) spec.get("configuration")).get("users");

    // 2. every grant of every user names its privileges, none of them ALL
    List<String> grants =
        users.entrySet().stream()
            .filter(e -> e.getKey().endsWith("/grants/query"))
            .flatMap(e -> ((List<String>) e.getValue()).stream())
            .toList();
    assertThat(grants).hasSizeGreaterThanOrEqualTo(ClickHouseAccess.everywhere().size());
    for (String grant : grants) {
      String privileges = grant.substring("GRANT ".length(), grant.indexOf(" ON "));
      assertThat(Arrays.stream(privileges.split(",")).map(String::strip))
          .as(grant)
          .doesNotContain("ALL", "ALL PRIVILEGES");
    }
  }

  @ParameterizedTest
  @EnumSource(Values.class)
  void sinkAndApiLogInAsTheirOwnUsersWithTheirOwnSecrets(Values values) {
    // 1. render
    RenderedChart chart = RenderedChart.render(values);
    Properties sink = chart.serviceConfig("genealogy-sink");
    Properties api = chart.serviceConfig("trace-api");

    // 2. each service's user is its declared one, and they differ
    assertThat(sink.getProperty("sink.clickhouse.user"))
        .isEqualTo(ClickHouseAccess.SINK.defaultUserName());
    assertThat(api.getProperty("quarkus.datasource.username"))
        .isEqualTo(ClickHouseAccess.API.defaultUserName())
        .isNotEqualTo(sink.getProperty("sink.clickhouse.user"));

    // 3. each password comes from the user's own Secret
    assertThat(passwordSecret(chart, "trace-genealogy-sink", "CLICKHOUSE_PASSWORD"))
        .isEqualTo("trace-clickhouse-sink");
    assertThat(passwordSecret(chart, "trace-trace-api", "CLICKHOUSE_PASSWORD"))
        .isEqualTo("trace-clickhouse-api");

    // 4. only the migrations Job holds the owner's password: the sink verifies the schema the Job
    //    applied, with its own user, and no service pod mounts or reads the owner's Secret
    assertThat(sink.getProperty("sink.clickhouse.migrations")).isEqualTo("VERIFY");
    assertThat(sink.stringPropertyNames()).noneMatch(name -> name.contains("migration-"));
    chart
        .servicePods()
        .forEach(
            (workload, pod) ->
                assertThat(pod.getContainers())
                    .as(workload)
                    .flatExtracting(container -> container.getEnv())
                    .noneMatch(env -> "trace-clickhouse-owner".equals(secretOf(env))));
    assertThat(chart.servicePods().values())
        .flatExtracting(pod -> pod.getVolumes())
        .noneMatch(
            volume ->
                volume.getSecret() != null
                    && "trace-clickhouse-owner".equals(volume.getSecret().getSecretName()));
  }

  @Test
  void thePlantScopedAnalystExistsOnlyWithPlantsAndIsRowFilteredOnEveryView(@TempDir Path temp)
      throws Exception {
    String name = ClickHouseAccess.PLANT_ANALYST.defaultUserName();
    // 1. production names no plants: no plant-scoped user
    assertThat(clickHouseUsers(RenderedChart.render(Values.PRODUCTION)))
        .noneSatisfy((key, value) -> assertThat(key).startsWith(name + "/"));

    // 2. with two plants: the user, its own Secret, one row policy per analyst view
    Path plants = temp.resolve("plants.yaml");
    Files.writeString(plants, "clickhouse:\n  plantAnalyst:\n    plants: [P1, P2]\n");
    RenderedChart chart =
        RenderedChart.render(RenderedChart.chart().resolve("values-production.yaml"), plants);
    Map<String, Object> users = clickHouseUsers(chart);
    assertThat(users.get(name + "/k8s_secret_password"))
        .isEqualTo("trace-clickhouse-plant-analyst/password");
    for (String view : ClickHouseAccess.Names.ANALYST_VIEWS) {
      assertThat(users.get(name + "/databases/" + view.replace('.', '/') + "/filter"))
          .as(view)
          .isEqualTo("plant IN ('P1', 'P2')");
    }
    // 3. and nothing in it differs from the declaration
    assertThat(DeclarationDrift.clickHouseUsers(chart)).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> clickHouseUsers(RenderedChart chart) {
    var chi = chart.one("ClickHouseInstallation", "trace", GenericKubernetesResource.class);
    var spec = (Map<String, Object>) chi.getAdditionalProperties().get("spec");
    return (Map<String, Object>) ((Map<String, Object>) spec.get("configuration")).get("users");
  }

  @Test
  void theMigrationsJobRunsAsTheOwner(@TempDir Path temp) throws Exception {
    // 1. production, with the Job rendered plain (helm-java's template leaves hooks out)
    Path plainJob = temp.resolve("plain-job.yaml");
    Files.writeString(plainJob, "clickhouse:\n  migrations:\n    hook: false\n");
    RenderedChart chart =
        RenderedChart.render(RenderedChart.chart().resolve("values-production.yaml"), plainJob);

    // 2. the owner's name and Secret
    var env =
        chart
            .one("Job", "trace-clickhouse-migrations", Job.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .getFirst()
            .getEnv();
    assertThat(env)
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("CH_USER");
              assertThat(e.getValue()).isEqualTo(ClickHouseAccess.OWNER.defaultUserName());
            })
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("CH_PASSWORD");
              assertThat(secretOf(e)).isEqualTo("trace-clickhouse-owner");
            });
  }

  private static String passwordSecret(RenderedChart chart, String workload, String variable) {
    return chart.servicePods().get(workload).getContainers().getFirst().getEnv().stream()
        .filter(env -> env.getName().equals(variable))
        .map(ChartClickHouseUsersTest::secretOf)
        .findFirst()
        .orElseThrow(() -> new AssertionError(workload + " has no " + variable));
  }

  private static String secretOf(EnvVar env) {
    return env.getValueFrom() == null || env.getValueFrom().getSecretKeyRef() == null
        ? null
        : env.getValueFrom().getSecretKeyRef().getName();
  }
}
