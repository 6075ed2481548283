package io.serialtrace.gate.rules;

import io.serialtrace.schemas.Acknowledgement;
import io.serialtrace.schemas.ActorType;
import io.serialtrace.schemas.AuthMethod;
import io.serialtrace.schemas.ComponentRemoved;
import io.serialtrace.schemas.ComponentScanned;
import io.serialtrace.schemas.Correction;
import io.serialtrace.schemas.Disposition;
import io.serialtrace.schemas.DispositionDecision;
import io.serialtrace.schemas.EventSource;
import io.serialtrace.schemas.MeasurementRecorded;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.SignatureApplied;
import io.serialtrace.schemas.StepCompleted;
import io.serialtrace.schemas.StepStarted;
import io.serialtrace.schemas.UnitScrapped;
import io.serialtrace.schemas.UnitStarted;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds ProductionEvents for one serial. Event ids are name-based on (serial, counter) so a test
 * run is reproducible; receivedTime defaults to eventTime + 1 s (a contemporaneous entry).
 */
public final class TestEvents {

  public static final Duration DEFAULT_LAG = Duration.ofSeconds(1);

  /** The plant of every event unless a scenario names another. */
  public static final String PLANT = "PLANT-1";

  private final String serial;
  private final String plant;
  private int counter;

  public TestEvents(String serial) {
    this(serial, PLANT);
  }

  public TestEvents(String serial, String plant) {
    this.serial = serial;
    this.plant = plant;
  }

  public String serial() {
    return serial;
  }

  public ProductionEvent event(Instant eventTime, Instant receivedTime, Object payload) {
    counter++;
    return ProductionEvent.newBuilder()
        .setEventId(
            UUID.nameUUIDFromBytes((serial + "#" + counter).getBytes(StandardCharsets.UTF_8)))
        .setSerial(serial)
        .setPlant(plant)
        .setStation("ST-" + (payload.getClass().getSimpleName().length() % 5))
        .setActor("op-17")
        .setActorType(ActorType.OPERATOR)
        .setEventTime(eventTime)
        .setReceivedTime(receivedTime)
        .setSource(EventSource.HTTP)
        .setRawPayload(
            ByteBuffer.wrap(("{\"raw\":\"" + counter + "\"}").getBytes(StandardCharsets.UTF_8)))
        .setRawContentType("application/json")
        .setReplyTo("ingest-1")
        .setPayload(payload)
        .build();
  }

  public ProductionEvent event(Instant at, Object payload) {
    return event(at, at.plus(DEFAULT_LAG), payload);
  }

  // Payloads.

  public static UnitStarted started(String product) {
    return new UnitStarted(product, "WO-4711");
  }

  public static StepStarted stepStarted(String stepId) {
    return new StepStarted(stepId);
  }

  public static StepCompleted stepCompleted(String stepId) {
    return new StepCompleted(stepId);
  }

  public static ComponentScanned scanSerial(String stepId, String part, String componentSerial) {
    return new ComponentScanned(stepId, part, componentSerial, null, 1);
  }

  public static ComponentScanned scanLot(String stepId, String part, String lot, int qty) {
    return new ComponentScanned(stepId, part, null, lot, qty);
  }

  public static MeasurementRecorded measureByDevice(
      String stepId, String characteristic, double value, String unit, Instant calibrationDue) {
    return new MeasurementRecorded(stepId, characteristic, value, unit, "TQ-9", calibrationDue);
  }

  public static MeasurementRecorded measureTyped(
      String stepId, String characteristic, double value, String unit) {
    return new MeasurementRecorded(stepId, characteristic, value, unit, null, null);
  }

  public static SignatureApplied sign(String stepId, String meaning, String role, String hash) {
    return new SignatureApplied(
        stepId, "u-" + role.toLowerCase(), "Pat " + role, meaning, role, hash, AuthMethod.PASSWORD);
  }

  public static ComponentRemoved removeSerial(String componentSerial) {
    return new ComponentRemoved(componentSerial, null, 1, "rework");
  }

  public static Disposition disposition(
      UUID violationId, DispositionDecision decision, String hash) {
    return new Disposition(
        violationId,
        decision,
        "qe-1",
        "Quinn Engineer",
        "QUALITY_ENGINEER",
        hash,
        AuthMethod.BADGE_AND_PIN,
        "reviewed");
  }

  /** Quality's acknowledgement of a notice, REVIEWED by a QUALITY_ENGINEER. */
  public static Acknowledgement acknowledgement(UUID violationId) {
    return acknowledgement(violationId, "QUALITY_ENGINEER", "REVIEWED");
  }

  public static Acknowledgement acknowledgement(UUID violationId, String role, String meaning) {
    return new Acknowledgement(
        violationId,
        "qe-1",
        "Quinn Engineer",
        role,
        meaning,
        AuthMethod.SSO,
        "retry of the station app; no action needed");
  }

  public static Correction correction(UUID eventId) {
    return new Correction(eventId, "typo", "value", 2.0, null);
  }

  public static UnitScrapped scrapped() {
    return new UnitScrapped("dropped");
  }
}
