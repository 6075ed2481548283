package io.serialtrace.gate.rules;

import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Turns findings into the Violations the gate emits. Ids are name-based UUIDs of what caused them,
 * so replaying the same input raises the same violations.
 */
final class RaisedViolations {

  private RaisedViolations() {}

  /** A violation caused by an event; its id derives from the event, the code and the position. */
  static Violation byEvent(ProductionEvent event, Finding f, int index, Instant now) {
    UUID id =
        f.fixedId().orElseGet(() -> nameUuid(event.getEventId() + "/" + f.code() + "/" + index));
    return base(f, id, event.getSerial(), event.getPlant(), event.getStation(), now)
        .setEventId(event.getEventId())
        .setEventTime(event.getEventTime())
        .setReceivedTime(event.getReceivedTime())
        .build();
  }

  /** A violation raised by time alone: no causing event, so no event fields. */
  static Violation byClock(UnitState unit, Finding f, Instant now) {
    return base(
            f,
            f.fixedId().orElseThrow(),
            unit.serial(),
            unit.identity().plant(),
            unit.head().lastStation(),
            now)
        .build();
  }

  /** Name-based (type 3) UUID: the same cause always yields the same violation id. */
  static UUID nameUuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  private static Violation.Builder base(
      Finding f, UUID id, String serial, String plant, String station, Instant now) {
    Violation.Builder b =
        Violation.newBuilder()
            .setViolationId(id)
            .setSerial(serial)
            .setPlant(plant)
            .setStation(station)
            .setCode(f.code())
            .setSeverity(ViolationPolicy.severity(f.code()))
            .setStepId(f.stepId().orElse(null))
            .setDetail(f.message())
            .setDetectedAt(now)
            .setStatus(ViolationStatus.OPEN);
    f.measurement()
        .ifPresent(
            m ->
                b.setCharacteristic(m.characteristic())
                    .setMeasuredValue(m.value())
                    .setLsl(m.lsl().orElse(null))
                    .setUsl(m.usl().orElse(null))
                    .setUnit(m.unit()));
    return b;
  }
}
