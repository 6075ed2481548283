package io.serialtrace.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.serialtrace.schemas.anchor.SigningKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record checkpoints' keys in the chart: only the gate mounts the signing key, trace-api gets
 * every signer's public key by id (a rotated-out one too), each where its settings say.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ChartCheckpointKeysTest {

  @TempDir Path dir;

  @Test
  void onlyTheGateMountsTheSigningKeyAndTraceApiGetsEveryPublicKeyById() throws Exception {
    // 1. Two signers: the current one and the one it replaced.
    String current = SigningKeys.pem(SigningKeys.generate().getPublic());
    String retired = SigningKeys.pem(SigningKeys.generate().getPublic());
    Path values =
        Files.writeString(
            dir.resolve("keys.yaml"),
            "gatingStreams:\n"
                + "  checkpoint:\n"
                + "    keyId: signer-2\n"
                + "traceApi:\n"
                + "  checkpointPublicKeys:\n"
                + "    signer-2: "
                + quoted(current)
                + "\n"
                + "    signer-1: "
                + quoted(retired)
                + "\n");
    RenderedChart chart = RenderedChart.render(values);

    // 2. The gate signs as signer-2 with the key from its Secret, mounted where its setting says.
    Properties gate = chart.serviceConfig("gating-streams");
    assertThat(gate.getProperty("gate.checkpoint.key-id")).isEqualTo("signer-2");
    assertThat(gate.getProperty("gate.checkpoint.signing-key"))
        .isEqualTo("/etc/trace-checkpoint/signing-key.pem");
    Map<String, PodSpec> pods = chart.servicePods();
    assertThat(pods)
        .allSatisfy(
            (name, pod) ->
                assertThat(
                        pod.getVolumes().stream()
                            .filter(v -> v.getSecret() != null)
                            .map(v -> v.getSecret().getSecretName()))
                    .as(name)
                    .matches(
                        names ->
                            name.endsWith("gating-streams")
                                == names.contains("trace-checkpoint-signer")));

    // 3. trace-api verifies with both public keys, by id, from its ConfigMap.
    Properties api = chart.serviceConfig("trace-api");
    assertThat(api.getProperty("api.anchor.public-keys.signer-2"))
        .isEqualTo("/etc/trace-checkpoint-keys/signer-2.pem");
    assertThat(api.getProperty("api.anchor.public-keys.signer-1"))
        .isEqualTo("/etc/trace-checkpoint-keys/signer-1.pem");
    ConfigMap keys =
        chart.one(
            "ConfigMap", RenderedChart.RELEASE + "-trace-api-checkpoint-keys", ConfigMap.class);
    assertThat(keys.getData()).containsEntry("signer-2.pem", current);
    assertThat(keys.getData()).containsEntry("signer-1.pem", retired);
    assertThat(pods.get(RenderedChart.RELEASE + "-trace-api").getVolumes())
        .extracting(Volume::getConfigMap)
        .anyMatch(
            c ->
                c != null
                    && c.getName().equals(RenderedChart.RELEASE + "-trace-api-checkpoint-keys"));
  }

  private static String quoted(String pem) {
    return "\"" + pem.replace("\n", "\\n") + "\"";
  }
}
