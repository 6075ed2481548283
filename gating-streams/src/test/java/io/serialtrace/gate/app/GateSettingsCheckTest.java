package io.serialtrace.gate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.gate.topology.GateSettings;
import io.serialtrace.support.settings.ValidatedSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad setting stops the gate at start, and the message names the setting. */
class GateSettingsCheckTest {

  @Test
  void theDeclaredDefaultsPassEveryCheck() {
    GateSettings settings = ValidatedSettings.parse(GateSettings.class, Map.of());

    assertThat(SettingsCheck.problems(settings)).isEmpty();
  }

  @Test
  void aValueOutsideItsConstraintIsRefusedByName() {
    assertThatThrownBy(
            () -> ValidatedSettings.parse(GateSettings.class, Map.of("gate.query-attempts", "0")))
        .hasMessageContaining("gate.query-attempts");
    assertThatThrownBy(
            () ->
                ValidatedSettings.parse(GateSettings.class, Map.of("gate.standby-replicas", "-1")))
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
      assertThatThrownBy(() -> ValidatedSettings.parse(GateSettings.class, Map.of(setting, "PT0S")))
          .hasMessageContaining(setting);
    }
    assertThatThrownBy(
            () ->
                ValidatedSettings.parse(
                    GateSettings.class, Map.of("gate.clock-skew-tolerance", "-PT1S")))
        .hasMessageContaining("gate.clock-skew-tolerance");
  }

  @Test
  void aWriteBufferNotBelowTheBlockCacheIsRefusedNamingBoth() {
    GateSettings settings =
        ValidatedSettings.parse(
            GateSettings.class,
            Map.of(
                "gate.rocksdb-block-cache-bytes", "1048576",
                "gate.rocksdb-write-buffer-bytes", "1048576"));

    assertThatThrownBy(() -> SettingsCheck.requireValid(settings))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "gate.rocksdb-write-buffer-bytes must be less than gate.rocksdb-block-cache-bytes")
        .hasMessageContaining("was 1048576");
  }
}
