package io.serialtrace.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The chart rendered offline by helm-java ({@code helm template}) and parsed by fabric8 into typed
 * objects. Strimzi and Altinity kinds arrive as {@code GenericKubernetesResource}; {@link #as}
 * converts them to a typed model where one exists (Strimzi's {@code io.strimzi:api}).
 */
public record RenderedChart(List<HasMetadata> objects) {

  public static final String RELEASE = "trace";
  public static final String NAMESPACE = "pipeline";

  /**
   * A Kubernetes version the chart supports (Chart.yaml kubeVersion), as helm install would see.
   */
  public static final String KUBE_VERSION = "1.31.0";

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** The chart folder, found from the module's working directory (surefire runs in helm/). */
  public static Path chart() {
    Path chart = Path.of("trace-pipeline").toAbsolutePath();
    if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
      chart = Path.of("helm", "trace-pipeline").toAbsolutePath();
    }
    return chart;
  }

  /** The chart's default values (no file) or the chart's own values-production.yaml. */
  public enum Values {
    DEFAULT,
    PRODUCTION;

    Path[] files() {
      return this == DEFAULT ? new Path[0] : new Path[] {chart().resolve("values-production.yaml")};
    }
  }

  public static RenderedChart render(Values values) {
    return render(values.files());
  }

  /** Renders with the given values files layered over values.yaml; throws when helm refuses. */
  public static RenderedChart render(Path... valuesFiles) {
    return renderFolder(chart(), valuesFiles);
  }

  /** Renders the chart in {@code folder} (e.g. a changed copy), otherwise as {@link #render}. */
  public static RenderedChart renderFolder(Path folder, Path... valuesFiles) {
    var template =
        new Helm(folder)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    for (Path file : valuesFiles) {
      template = template.withValuesFile(file);
    }
    String manifest = template.call();
    if (folder.equals(chart())) {
      writeForReview(manifest, valuesFiles);
    }
    return parse(manifest);
  }

  /** Keeps the last rendering per values file under target/rendered/ for a human to read. */
  private static void writeForReview(String manifest, Path... valuesFiles) {
    String name =
        valuesFiles.length == 0
            ? "default"
            : valuesFiles[valuesFiles.length - 1].getFileName().toString();
    try {
      Path folder = Files.createDirectories(Path.of("target", "rendered"));
      Files.writeString(folder.resolve(name.replace(".yaml", "") + ".yaml"), manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RenderedChart parse(String manifest) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : manifest.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
        continue;
      }
      objects.add(SERIALIZATION.unmarshal(document));
    }
    return new RenderedChart(List.copyOf(objects));
  }

  /** Every object of a kind (by the {@code kind} field), converted to {@code type}. */
  public <T> List<T> all(String kind, Class<T> type) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).map(o -> as(o, type)).toList();
  }

  public <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public <T> T one(String kind, String name, Class<T> type) {
    List<HasMetadata> matches =
        objects.stream()
            .filter(o -> kind.equals(o.getKind()) && name.equals(o.getMetadata().getName()))
            .toList();
    if (matches.size() != 1) {
      throw new AssertionError(
          "expected one " + kind + " named " + name + ", found " + matches.size());
    }
    return as(matches.getFirst(), type);
  }

  static <T> T as(Object object, Class<T> type) {
    return type.isInstance(object) ? type.cast(object) : SERIALIZATION.convertValue(object, type);
  }

  /** Pod specs of the services: Deployments and StatefulSets by their object name. */
  public Map<String, PodSpec> servicePods() {
    Map<String, PodSpec> pods = new LinkedHashMap<>();
    all(Deployment.class)
        .forEach(d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
    all(StatefulSet.class)
        .forEach(s -> pods.put(s.getMetadata().getName(), s.getSpec().getTemplate().getSpec()));
    return pods;
  }

  /** The application.properties a service's ConfigMap carries. */
  public Properties serviceConfig(String component) {
    ConfigMap map = one("ConfigMap", RELEASE + "-" + component, ConfigMap.class);
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(map.getData().get("application.properties")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  /**
   * values.yaml with values-production.yaml merged over it, as helm does (maps deep, lists
   * replaced).
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> mergedValues(Path... overlays) {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try {
      Map<String, Object> merged =
          yaml.readValue(chart().resolve("values.yaml").toFile(), Map.class);
      for (Path overlay : overlays) {
        merge(merged, yaml.readValue(overlay.toFile(), Map.class));
      }
      return merged;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> base, Map<String, Object> overlay) {
    overlay.forEach(
        (key, value) -> {
          if (value instanceof Map<?, ?> map && base.get(key) instanceof Map<?, ?> existing) {
            merge((Map<String, Object>) existing, (Map<String, Object>) map);
          } else {
            base.put(key, value);
          }
        });
  }

  /** Copies the chart to {@code target} (for linting it with other values as its values.yaml). */
  public static Path copyChart(Path target) {
    Path source = chart();
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path destination = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(file, destination);
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
