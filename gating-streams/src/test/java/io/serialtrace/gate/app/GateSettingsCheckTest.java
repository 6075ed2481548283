package io.serialtrace.gate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.gate.topology.GateSettings;
import io.serialtrace.support.settings.ValidatedSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad setting stops the gate at start, and the message names the setting. */
class GateSettingsCheckTest {

  @Test
  void theDeclaredDefaultsPassEveryCheck() {
    GateSettings settings = parse(Map.of());

    assertThat(SettingsCheck.problems(settings)).isEmpty();
  }

  @Test
  void aValueOutsideItsConstraintIsRefusedByName() {
    assertThatThrownBy(() -> parse(Map.of("gate.query-attempts", "0")))
        .hasMessageContaining("gate.query-attempts");
    assertThatThrownBy(() -> parse(Map.of("gate.standby-replicas", "-1")))
        .hasMessageContaining("gate.standby-replicas");
  }

  @Test
  void aDurationThatMustBePositiveIsRefusedAtZeroOrBelowByName() {
    for (String setting :
        new String[] {
          "gate.claim-timeout",
          "gate.punctuation-interval",
          "gate.notice-retention",
          "gate.dedup-retention"
        }) {
      assertThatThrownBy(() -> parse(Map.of(setting, "PT0S"))).hasMessageContaining(setting);
    }
    assertThatThrownBy(() -> parse(Map.of("gate.clock-skew-tolerance", "-PT1S")))
        .hasMessageContaining("gate.clock-skew-tolerance");
  }

  @Test
  void aWriteBufferNotBelowTheBlockCacheIsRefusedNamingBoth() {
    GateSettings settings =
        parse(
            Map.of(
                "gate.rocksdb-block-cache-bytes", "1048576",
                "gate.rocksdb-write-buffer-bytes", "1048576"));

    assertThatThrownBy(() -> SettingsCheck.requireValid(settings))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "gate.rocksdb-write-buffer-bytes must be less than gate.rocksdb-block-cache-bytes")
        .hasMessageContaining("was 1048576");
  }

  @Test
  void theCheckpointSignerMustBeNamedAndItsIntervalIsBoundedBelow() {
    // 1. Without a signing key and its id the gate does not start, naming both.
    assertThatThrownBy(() -> ValidatedSettings.parse(GateSettings.class, Map.of()))
        .hasMessageContaining("gate.checkpoint.key-id")
        .hasMessageContaining("gate.checkpoint.signing-key");

    // 2. A key id that could not be a plain token, and an interval under 100 ms, are refused.
    assertThatThrownBy(() -> parse(Map.of("gate.checkpoint.key-id", "bad id!")))
        .hasMessageContaining("gate.checkpoint.key-id");
    assertThatThrownBy(() -> parse(Map.of("gate.checkpoint.interval", "PT0.05S")))
        .hasMessageContaining("gate.checkpoint.interval");
  }

  /** The settings the stack would give (a signing key and its id), with {@code values} on top. */
  private static GateSettings parse(Map<String, String> values) {
    Map<String, String> all = new HashMap<>();
    all.put("gate.checkpoint.key-id", "dev-1");
    all.put("gate.checkpoint.signing-key", "/keys/checkpoint-signing-key.pem");
    all.putAll(values);
    return ValidatedSettings.parse(GateSettings.class, all);
  }
}
