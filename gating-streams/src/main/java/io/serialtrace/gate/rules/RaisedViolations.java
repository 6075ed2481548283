package io.serialtrace.gate.rules;

import io.serialtrace.schemas.Acknowledgement;
import io.serialtrace.schemas.Disposition;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationAcknowledgement;
import io.serialtrace.schemas.ViolationDisposition;
import io.serialtrace.schemas.ViolationStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Turns findings into the Violations the gate emits, and builds their ends. Ids are name-based
 * UUIDs of what caused them, so replaying the same input raises the same violations. An end is the
 * violation as raised (same id, detectedAt and plant, so the sink's row for it replaces the OPEN
 * one) with its end status, the time it ended and, for a signed end, the signature.
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

  /** A HOLDING violation closed by a signed Disposition. */
  static Violation dispositioned(
      Violation raised, ProductionEvent event, Disposition p, Instant now) {
    return ended(raised, ViolationStatus.DISPOSITIONED, now)
        .setDisposition(
            ViolationDisposition.newBuilder()
                .setDecision(p.getDecision())
                .setEventId(event.getEventId())
                .setSignerId(p.getSignerId())
                .setSignerName(p.getSignerName())
                .setReason(p.getReason())
                .setDispositionedAt(event.getEventTime())
                .build())
        .build();
  }

  /** A refusal notice ended by a signed Acknowledgement. */
  static Violation acknowledged(
      Violation notice, ProductionEvent event, Acknowledgement p, Instant now) {
    return ended(notice, ViolationStatus.ACKNOWLEDGED, now)
        .setAcknowledgement(
            ViolationAcknowledgement.newBuilder()
                .setEventId(event.getEventId())
                .setSignerId(p.getSignerId())
                .setSignerName(p.getSignerName())
                .setSignerRole(p.getSignerRole())
                .setMeaning(p.getMeaning())
                .setAuthMethod(p.getAuthMethod())
                .setReason(p.getReason())
                .setAcknowledgedAt(event.getEventTime())
                .build())
        .build();
  }

  /** A HOLDING violation still open when its unit was scrapped. */
  static Violation closedWithUnit(Violation raised, Instant now) {
    return ended(raised, ViolationStatus.CLOSED_WITH_UNIT, now).build();
  }

  /** A notice nobody acknowledged within the notice retention. */
  static Violation expired(Violation notice, Instant now) {
    return ended(notice, ViolationStatus.EXPIRED, now).build();
  }

  private static Violation.Builder ended(Violation raised, ViolationStatus status, Instant now) {
    return Violation.newBuilder(raised).setStatus(status).setEndedAt(now);
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
