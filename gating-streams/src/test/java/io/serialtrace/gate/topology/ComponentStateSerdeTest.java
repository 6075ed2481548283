package io.serialtrace.gate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.ComponentState;
import io.serialtrace.gate.rules.ComponentState.Holder;
import io.serialtrace.gate.rules.UnitStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The components store outlives any version of the gate: what earlier versions wrote still reads.
 */
class ComponentStateSerdeTest {

  private final JsonSerde<ComponentState> serde = new JsonSerde<>(ComponentState.class);

  @Test
  void holdersStoredBeforeClaimsReadAsHoldersWithoutPlantStationOrClaim() {
    byte[] written =
        "{\"holders\":[\"SN-A\",\"SN-B\"],\"ownStatus\":\"COMPLETED\"}"
            .getBytes(StandardCharsets.UTF_8);

    ComponentState read = serde.deserializer().deserialize("t", written);

    assertThat(read.holders())
        .containsExactly(
            new Holder("SN-A", "", "", Optional.empty()),
            new Holder("SN-B", "", "", Optional.empty()));
    assertThat(read.ownStatus()).contains(UnitStatus.COMPLETED);
  }

  @Test
  void aHolderByAClaimRoundTrips() {
    ComponentState state =
        new ComponentState(
            List.of(new Holder("SN-A", "P2", "ST-1", Optional.of(UUID.randomUUID()))),
            Optional.empty());

    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", state)))
        .isEqualTo(state);
  }
}
