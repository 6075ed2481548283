package io.serialtrace.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.load.SeedRoutes.Product;
import io.serialtrace.stack.auth.DevPlantFloor;
import io.serialtrace.stack.auth.MqttCredentials;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The devices the simulated routes measure with are the development plant floor's (declared once in
 * local-stack): ingest knows each at a station of the plants building that product, and the broker
 * has an MQTT user for each.
 */
class SimIdentityTest {

  private static List<String> devices(Product product) {
    return product.steps().stream()
        .flatMap(step -> step.measures().stream())
        .map(SeedRoutes.Measure::device)
        .flatMap(Optional::stream)
        .distinct()
        .toList();
  }

  @Test
  void everyDeviceOfTheSeededRoutesWorksAtAStationOfItsPlants() {
    for (String plant : List.of("P1", "P3")) {
      for (String device : devices(SeedRoutes.SUB)) {
        assertThat(SimIdentity.stationOf(plant, device)).as(device + " in " + plant).isPresent();
      }
    }
    for (String plant : List.of("P2", "P4")) {
      for (String device : devices(SeedRoutes.FINAL)) {
        assertThat(SimIdentity.stationOf(plant, device)).as(device + " in " + plant).isPresent();
      }
    }
    assertThat(SimIdentity.stationOf("P1", "torque-tool-21")).isEmpty();
  }

  @Test
  void everyDeviceIsAnMqttUser() {
    assertThat(MqttCredentials.users())
        .containsAll(devices(SeedRoutes.SUB))
        .containsAll(devices(SeedRoutes.FINAL))
        .containsAll(DevPlantFloor.deviceIds());
  }
}
