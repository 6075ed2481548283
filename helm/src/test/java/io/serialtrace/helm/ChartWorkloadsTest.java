package io.serialtrace.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.serialtrace.helm.RenderedChart.Values;
import io.serialtrace.ingest.config.IngestSettings;
import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every service pod is probed, bounded and locked down; the gate is a StatefulSet with a PDB. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ChartWorkloadsTest {

  @ParameterizedTest
  @EnumSource(Values.class)
  void probesEveryServiceOnTheQuarkusHealthEndpoints(Values values) {
    for (var pod : RenderedChart.render(values).servicePods().entrySet()) {
      Container container = pod.getValue().getContainers().getFirst();
      // 1. readiness and liveness on the Quarkus endpoints, on the named http port
      assertThat(container.getReadinessProbe().getHttpGet().getPath())
          .as(pod.getKey())
          .isEqualTo("/q/health/ready");
      assertThat(container.getLivenessProbe().getHttpGet().getPath())
          .as(pod.getKey())
          .isEqualTo("/q/health/live");
      assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal())
          .isEqualTo("http");
      // 2. a startup probe, so a slow restore is not killed by liveness
      assertThat(container.getStartupProbe()).as(pod.getKey()).isNotNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Values.class)
  void boundsEveryContainerWithRequestsAndLimits(Values values) {
    for (var pod : RenderedChart.render(values).servicePods().entrySet()) {
      var resources = pod.getValue().getContainers().getFirst().getResources();
      // 1. cpu and memory requested and limited
      assertThat(resources.getRequests()).as(pod.getKey()).containsKeys("cpu", "memory");
      assertThat(resources.getLimits()).as(pod.getKey()).containsKeys("cpu", "memory");
      // 2. memory request = limit: the JVM sizes its heap from the limit, and no overcommit kill
      assertThat(resources.getLimits().get("memory"))
          .isEqualTo(resources.getRequests().get("memory"));
    }
  }

  @ParameterizedTest
  @EnumSource(Values.class)
  void runsEveryServiceUnderTheRestrictedSecurityContext(Values values) {
    for (var pod : RenderedChart.render(values).servicePods().entrySet()) {
      PodSpec spec = pod.getValue();
      // 1. pod: non-root, RuntimeDefault seccomp, no service account token
      assertThat(spec.getSecurityContext().getRunAsNonRoot()).as(pod.getKey()).isTrue();
      assertThat(spec.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      assertThat(spec.getAutomountServiceAccountToken()).isFalse();
      // 2. container: read-only root, no escalation, every capability dropped
      var container = spec.getContainers().getFirst();
      var security = container.getSecurityContext();
      assertThat(security.getRunAsNonRoot()).as(pod.getKey()).isTrue();
      assertThat(security.getReadOnlyRootFilesystem()).as(pod.getKey()).isTrue();
      assertThat(security.getAllowPrivilegeEscalation()).as(pod.getKey()).isFalse();
      assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      // 3. /tmp is a writable emptyDir (the root filesystem is not)
      assertThat(container.getVolumeMounts())
          .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
      assertThat(spec.getVolumes())
          .anySatisfy(
              v -> {
                assertThat(v.getName()).isEqualTo("tmp");
                assertThat(v.getEmptyDir()).isNotNull();
              });
      // 4. the heap follows the memory limit through the image's entrypoint
      //    (-XX:MaxRAMPercentage, checked by the images module's ImageConfigIT); the chart must not
      //    set it in JAVA_TOOL_OPTIONS, where the entrypoint's flag would silently override it
      assertThat(container.getResources().getLimits()).containsKey("memory");
      assertThat(container.getEnv())
          .filteredOn(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
          .allSatisfy(e -> assertThat(e.getValue()).doesNotContain("MaxRAMPercentage"));
    }
  }

  @ParameterizedTest
  @EnumSource(Values.class)
  void runsTheGateAsAStatefulSetWithStableStateAndAPdb(Values values) {
    RenderedChart chart = RenderedChart.render(values);
    // 1. a StatefulSet with a headless service and a persistent state volume mounted
    StatefulSet gate = chart.one("StatefulSet", "trace-gating-streams", StatefulSet.class);
    assertThat(gate.getSpec().getServiceName()).isEqualTo("trace-gating-streams-headless");
    assertThat(gate.getSpec().getVolumeClaimTemplates())
        .singleElement()
        .satisfies(c -> assertThat(c.getMetadata().getName()).isEqualTo("state"));
    assertThat(gate.getSpec().getTemplate().getSpec().getContainers().getFirst().getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/gate"));
    // 2. long enough to commit the open transaction and close RocksDB
    assertThat(gate.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isGreaterThanOrEqualTo(60L);
    // 3. a PDB selecting exactly the gate's pods, at most one down
    PodDisruptionBudget pdb =
        chart.one("PodDisruptionBudget", "trace-gating-streams", PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(gate.getSpec().getSelector().getMatchLabels());
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    // 4. Streams settings: state on the volume, standbys, EOS v2, application.server = stable DNS
    // name
    Properties config = chart.serviceConfig("gating-streams");
    assertThat(config.getProperty("kafka-streams.state.dir")).startsWith("/var/lib/gate/");
    assertThat(config.getProperty("kafka-streams.num.standby.replicas")).isEqualTo("1");
    assertThat(config.getProperty("kafka-streams.processing.guarantee"))
        .isEqualTo("exactly_once_v2");
    assertThat(config.getProperty("quarkus.kafka-streams.application-server"))
        .isEqualTo("${POD_NAME}.trace-gating-streams-headless.${POD_NAMESPACE}.svc:8080");
  }

  @ParameterizedTest
  @EnumSource(Values.class)
  void configuresIngestUnderThePrefixItsSettingsAreMappedFrom(Values values) {
    String prefix = IngestSettings.class.getAnnotation(ConfigMapping.class).prefix() + ".";
    RenderedChart chart = RenderedChart.render(values);
    for (String component : List.of("ingest", "ingest-edge")) {
      // 1. every key is a framework's own or one of ingest's settings: a key under another prefix
      // would be ignored silently
      Properties config = chart.serviceConfig(component);
      assertThat(config.stringPropertyNames())
          .as(component)
          .allMatch(
              key ->
                  key.startsWith(prefix)
                      || key.startsWith("quarkus.")
                      || key.startsWith("kafka.")
                      || key.startsWith("mp.")
                      || key.equals("config_ordinal"));
      // 2. the settings the chart does set are there
      assertThat(config.getProperty(prefix + "signatures.max-authentication-age"))
          .as(component)
          .isNotBlank();
      assertThat(config.getProperty(prefix + "cdc.enabled"))
          .as(component)
          .isEqualTo(component.equals("ingest-edge") ? "true" : "false");
      // 3. a stable instance id: the edge's is its MQTT session's client id, fixed across its
      // pods (one at a time); each HTTP pod's is its own name (replyTo of waited-for events)
      assertThat(config.getProperty(prefix + "instance-id"))
          .as(component)
          .isEqualTo(component.equals("ingest-edge") ? "trace-ingest-edge" : "${POD_NAME}");
    }
  }

  @ParameterizedTest
  @EnumSource(Values.class)
  void autoscalesIngestAndTraceApi(Values values) {
    // 1. the HPAs and what they scale
    Map<String, String> targets =
        RenderedChart.render(values).all(HorizontalPodAutoscaler.class).stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    h -> h.getMetadata().getName(),
                    h -> h.getSpec().getScaleTargetRef().getKind()));
    // 2. ingest and trace-api Deployments only (ingest-edge and the gate must not scale this way)
    assertThat(targets)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("trace-ingest", "Deployment", "trace-trace-api", "Deployment"));
  }

  @ParameterizedTest
  @EnumSource(Values.class)
  void isolatesEveryServiceWithNetworkPolicies(Values values) {
    RenderedChart chart = RenderedChart.render(values);
    // 1. a default deny for every pod of the release, in both directions
    NetworkPolicy deny = chart.one("NetworkPolicy", "trace-default-deny", NetworkPolicy.class);
    assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
    // 2. each service workload has its own policy selecting exactly its pods
    for (String workload : chart.servicePods().keySet()) {
      NetworkPolicy policy = chart.one("NetworkPolicy", workload, NetworkPolicy.class);
      assertThat(policy.getSpec().getPodSelector().getMatchLabels())
          .containsEntry("app.kubernetes.io/instance", RenderedChart.RELEASE);
      assertThat(policy.getSpec().getEgress()).as(workload).isNotEmpty();
    }
  }
}
