package io.serialtrace.stack.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The development plant floor, declared once: the plants, their stations and the devices working at
 * them, and each plant's shift calendar, that the local stack's services, the MQTT broker's users
 * and the simulator all use. The stack passes it to ingest as {@code ingest.plants.*} ({@link
 * #ingestProperties()}) and the calendars to trace-api as {@code api.plants.*} ({@link
 * #apiProperties()}), makes one MQTT user per device ({@link #deviceIds()}), and the simulator
 * publishes as those devices.
 *
 * <p>P1 builds the drive sub-assembly (seeded route {@code IP-200-SUB}), P2 the final pump ({@code
 * IP-200-FINAL}); P3 and P4 are laid out like P1 and P2 for the simulator's {@code --plants 3|4}.
 * The four plants keep four different shift calendars (zones and shift starts), so the
 * contemporaneity report's end-of-shift clustering shows each plant in its own local time. A device
 * id may work in more than one plant (the same tool model at the same station): it is still one
 * MQTT user, publishing under its own topic segment in each plant.
 */
public final class DevPlantFloor {

  /** A device and the station it works at. */
  public record Device(String id, String station) {}

  /** A shift calendar: a time zone id and the local times (HH:mm) the shifts start. */
  public record Shifts(String timeZone, List<String> starts) {
    public Shifts {
      starts = List.copyOf(starts);
    }
  }

  /** A plant: its stations, devices and shift calendar. */
  public record Plant(String id, List<String> stations, List<Device> devices, Shifts shifts) {
    public Plant {
      stations = List.copyOf(stations);
      devices = List.copyOf(devices);
    }
  }

  private static final List<String> SUB_ASSEMBLY_LINE =
      List.of("ST-010", "ST-020", "ST-030", "ST-040", "ST-050", "ST-060", "ST-090");
  private static final List<String> FINAL_ASSEMBLY_LINE = List.of("FA-100", "FA-200", "FA-300");
  private static final List<Device> FINAL_ASSEMBLY_DEVICES =
      List.of(
          new Device("torque-tool-21", "FA-100"),
          new Device("leak-tester-9", "FA-300"),
          new Device("flow-rig-3", "FA-100"));

  /** Every development plant, in id order. */
  public static final List<Plant> PLANTS =
      List.of(
          new Plant(
              "P1",
              SUB_ASSEMBLY_LINE,
              List.of(
                  new Device("torque-tool-7", "ST-010"),
                  new Device("leak-tester-2", "ST-040"),
                  new Device("scale-1", "ST-030")),
              new Shifts("Europe/Berlin", List.of("06:00", "14:00", "22:00"))),
          new Plant(
              "P2",
              FINAL_ASSEMBLY_LINE,
              FINAL_ASSEMBLY_DEVICES,
              new Shifts("America/Chicago", List.of("07:00", "15:30", "23:30"))),
          new Plant(
              "P3",
              SUB_ASSEMBLY_LINE,
              List.of(new Device("torque-tool-7", "ST-010"), new Device("leak-tester-2", "ST-040")),
              new Shifts("Asia/Kolkata", List.of("06:30", "14:30", "22:30"))),
          new Plant(
              "P4",
              FINAL_ASSEMBLY_LINE,
              FINAL_ASSEMBLY_DEVICES,
              new Shifts("Europe/London", List.of("07:30", "19:30"))));

  private DevPlantFloor() {}

  /** The plant ids, e.g. for a token's {@code plants} claim. */
  public static Set<String> plantIds() {
    Set<String> ids = new TreeSet<>();
    PLANTS.forEach(p -> ids.add(p.id()));
    return ids;
  }

  /** Every distinct device id: one MQTT user each. */
  public static Set<String> deviceIds() {
    Set<String> ids = new TreeSet<>();
    PLANTS.forEach(p -> p.devices().forEach(d -> ids.add(d.id())));
    return ids;
  }

  /** The plant of that id. */
  public static Optional<Plant> plant(String id) {
    return PLANTS.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** The floor as ingest's plant configuration ({@code IngestSettings.plants()}). */
  public static Map<String, String> ingestProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    for (Plant plant : PLANTS) {
      String prefix = "ingest.plants." + plant.id() + ".";
      properties.put(prefix + "stations", String.join(",", plant.stations()));
      plant
          .devices()
          .forEach(device -> properties.put(prefix + "devices." + device.id(), device.station()));
    }
    return properties;
  }

  /** The plants' shift calendars as trace-api's plant settings ({@code ApiSettings.plants()}). */
  public static Map<String, String> apiProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    for (Plant plant : PLANTS) {
      String prefix = "api.plants." + plant.id() + ".";
      properties.put(prefix + "time-zone", plant.shifts().timeZone());
      properties.put(prefix + "shift-starts", String.join(",", plant.shifts().starts()));
    }
    return properties;
  }
}
