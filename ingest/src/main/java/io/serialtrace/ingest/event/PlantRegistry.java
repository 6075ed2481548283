package io.serialtrace.ingest.event;

import io.serialtrace.ingest.config.IngestSettings;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The plants, stations and devices allowed to send events. Comes from configuration for now (see
 * {@link IngestSettings#plants()}); an MES plant registry can replace it behind the same methods.
 *
 * @param stations plant id → its station ids
 * @param devices plant id → (device id → station id the device works at)
 */
public record PlantRegistry(
    Map<String, Set<String>> stations, Map<String, Map<String, String>> devices) {

  public PlantRegistry {
    stations = Map.copyOf(stations);
    devices = Map.copyOf(devices);
  }

  public static PlantRegistry of(Map<String, IngestSettings.Plant> plants) {
    return new PlantRegistry(
        plants.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue().stations()))),
        plants.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue().devices()))));
  }

  public boolean knowsPlant(String plant) {
    return stations.containsKey(plant);
  }

  public boolean knowsStation(String plant, String station) {
    return stations.getOrDefault(plant, Set.of()).contains(station);
  }

  /** The station a device of a plant works at; empty for an unknown plant or device. */
  public Optional<String> stationOfDevice(String plant, String device) {
    return Optional.ofNullable(devices.getOrDefault(plant, Map.of()).get(device));
  }
}
