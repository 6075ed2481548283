package io.serialtrace.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart and the images agree: every container running one of the images listens on (and is
 * probed on) the port the image exposes, runs as the image's user, and pulls the tag the tarball
 * carries. Rendered offline with helm-java, for the default and the production values.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ChartPortsMatchImagesIT {
  private static final Path CHART =
      Path.of(System.getProperty("repository.home", ".."))
          .toAbsolutePath()
          .resolve("helm")
          .resolve("trace-pipeline");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @ParameterizedTest
  @ValueSource(strings = {"", "values-production.yaml"})
  void containerAndProbePortsEqualTheImagesExposedPort(String valuesFile) {
    // 1. render the chart and collect every container that runs one of our images
    Map<String, Container> containers = serviceContainers(render(valuesFile));
    assertThat(containers).isNotEmpty();

    for (var named : containers.entrySet()) {
      Container container = named.getValue();
      ServiceImage service = imageOf(container);
      int exposed = exposedPort(OciImage.of(service));

      // 2. the named http port is the exposed one, and each probe targets it (by name or number)
      assertThat(container.getPorts())
          .as(named.getKey() + " ports")
          .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
          .contains(org.assertj.core.groups.Tuple.tuple("http", exposed));
      for (Probe probe :
          Stream.of(
                  container.getStartupProbe(),
                  container.getReadinessProbe(),
                  container.getLivenessProbe())
              .filter(java.util.Objects::nonNull)
              .toList()) {
        assertThat(resolve(probe.getHttpGet().getPort(), container))
            .as(named.getKey() + " probe " + probe.getHttpGet().getPath())
            .isEqualTo(exposed);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "values-production.yaml"})
  void podsRunAsTheImagesUserAndPullTheTarballsTag(String valuesFile) {
    // 1. render the chart
    List<HasMetadata> objects = render(valuesFile);

    for (var pod : podSpecs(objects).entrySet()) {
      for (Container container : pod.getValue().getContainers()) {
        if (!container.getImage().contains("serialtrace/")) {
          continue;
        }
        OciImage image = OciImage.of(imageOf(container));
        String user = image.runConfig().path("User").asText();

        // 2. the pod's uid/gid are the image's, and the tag pulled is the one the tarball names
        assertThat(
                pod.getValue().getSecurityContext().getRunAsUser()
                    + ":"
                    + pod.getValue().getSecurityContext().getRunAsGroup())
            .as(pod.getKey() + " runAsUser:runAsGroup")
            .isEqualTo(user);
        String reference =
            image
                .index()
                .path("manifests")
                .path(0)
                .path("annotations")
                .path("org.opencontainers.image.ref.name")
                .asText();
        assertThat(container.getImage()).as(pod.getKey() + " image").endsWith(reference);
      }
    }
  }

  private static ServiceImage imageOf(Container container) {
    String image = container.getImage();
    String repository = image.substring(0, image.lastIndexOf(':'));
    String name = repository.substring(repository.lastIndexOf('/') + 1);
    return ServiceImage.named(name)
        .orElseThrow(() -> new AssertionError("no image is built for " + image));
  }

  private static int exposedPort(OciImage image) {
    List<String> ports = new ArrayList<>();
    image.runConfig().path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
    assertThat(ports).hasSize(1);
    return Integer.parseInt(ports.getFirst().replace("/tcp", ""));
  }

  private static int resolve(IntOrString port, Container container) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return container.getPorts().stream()
        .filter(p -> port.getStrVal().equals(p.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
        .getContainerPort();
  }

  private static Map<String, Container> serviceContainers(List<HasMetadata> objects) {
    Map<String, Container> containers = new LinkedHashMap<>();
    podSpecs(objects)
        .forEach(
            (workload, pod) ->
                pod.getContainers().stream()
                    .filter(c -> c.getImage().contains("serialtrace/"))
                    .forEach(c -> containers.put(workload + "/" + c.getName(), c)));
    return containers;
  }

  private static Map<String, PodSpec> podSpecs(List<HasMetadata> objects) {
    Map<String, PodSpec> pods = new LinkedHashMap<>();
    for (HasMetadata object : objects) {
      if (object instanceof Deployment deployment) {
        pods.put(
            "Deployment " + object.getMetadata().getName(),
            deployment.getSpec().getTemplate().getSpec());
      } else if (object instanceof StatefulSet statefulSet) {
        pods.put(
            "StatefulSet " + object.getMetadata().getName(),
            statefulSet.getSpec().getTemplate().getSpec());
      }
    }
    return pods;
  }

  private static List<HasMetadata> render(String valuesFile) {
    var template =
        new Helm(CHART)
            .template()
            .withName("trace")
            .withNamespace("pipeline")
            .withKubeVersion("1.31.0");
    if (!valuesFile.isEmpty()) {
      template = template.withValuesFile(CHART.resolve(valuesFile));
    }
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : template.call().split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
        continue;
      }
      objects.add(SERIALIZATION.unmarshal(document));
    }
    return objects;
  }
}
