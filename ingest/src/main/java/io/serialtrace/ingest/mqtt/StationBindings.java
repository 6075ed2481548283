package io.serialtrace.ingest.mqtt;

import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.StepCompleted;
import io.serialtrace.schemas.StepStarted;
import io.serialtrace.schemas.UnitScrapped;
import io.serialtrace.schemas.UnitStarted;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which unit is at which station now, learned from the events this instance forwarded to Kafka: a
 * UnitStarted or StepStarted binds its serial (and step) to its station; a StepCompleted or
 * UnitScrapped of that serial unbinds it. A device reading without a serial is bound to the serial
 * at the device's station. In memory per instance: events forwarded by another instance are not
 * seen, so stations and their devices must talk to the same instance (or a reading carries its
 * serial).
 */
@jakarta.inject.Singleton
public class StationBindings {
  /** The unit at a station and the step it is in, when one was started there. */
  public record Binding(String serial, Optional<String> stepId) {}

  private record StationKey(String plant, String station) {}

  private final ConcurrentHashMap<StationKey, Binding> byStation = new ConcurrentHashMap<>();

  /** Learns from an event Kafka acknowledged. */
  public void observe(ProductionEvent event) {
    StationKey key = new StationKey(event.getPlant(), event.getStation());
    String serial = event.getSerial();
    switch (event.getPayload()) {
      case UnitStarted started -> byStation.put(key, new Binding(serial, Optional.empty()));
      case StepStarted started ->
          byStation.put(key, new Binding(serial, Optional.of(started.getStepId())));
      case StepCompleted completed -> byStation.computeIfPresent(key, (k, b) -> unbind(b, serial));
      case UnitScrapped scrapped -> byStation.computeIfPresent(key, (k, b) -> unbind(b, serial));
      default -> {
        // Other payloads do not move a unit between stations.
      }
    }
  }

  private static Binding unbind(Binding current, String serial) {
    return current.serial().equals(serial) ? null : current;
  }

  public Optional<Binding> at(String plant, String station) {
    return Optional.ofNullable(byStation.get(new StationKey(plant, station)));
  }
}
