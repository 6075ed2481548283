package io.serialtrace.ingest.event;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns one event's JSON into a {@link ProductionEvent}, or says every field that is wrong. Pure:
 * the receive time, channel and plant registry come in as arguments, so it is tested without
 * Quarkus or Kafka.
 *
 * <p>The JSON shape is the Avro envelope without the fields ingest sets itself ({@code
 * receivedTime}, {@code source}, {@code rawPayload}, {@code rawContentType}, {@code replyTo}), with
 * timestamps as ISO-8601 text and the payload as an object whose {@code type} names the payload
 * record (e.g. {@code "type": "StepStarted"}).
 */
public final class EventValidator {
  private static final Set<String> ENVELOPE_FIELDS =
      Set.of("eventId", "serial", "plant", "station", "actor", "actorType", "eventTime", "payload");
  private static final Set<String> SET_BY_INGEST =
      Set.of("receivedTime", "source", "rawPayload", "rawContentType", "replyTo");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final String JSON_CONTENT_TYPE = "application/json";

  /** The payload types and how each is read, by the name a sender puts in {@code payload.type}. */
  private static final Map<String, PayloadType> PAYLOADS =
      Map.of(
          "UnitStarted",
              new PayloadType(Set.of("product", "workOrder"), EventValidator::unitStarted),
          "StepStarted", new PayloadType(Set.of("stepId"), EventValidator::stepStarted),
          "ComponentScanned",
              new PayloadType(
                  Set.of("stepId", "part", "componentSerial", "lotId", "qty"),
                  EventValidator::componentScanned),
          "MeasurementRecorded",
              new PayloadType(
                  Set.of("stepId", "characteristic", "value", "unit", "deviceId", "calibrationDue"),
                  EventValidator::measurementRecorded),
          "SignatureApplied",
              new PayloadType(
                  Set.of(
                      "stepId",
                      "signerId",
                      "signerName",
                      "meaning",
                      "signerRole",
                      "signedRecordHash",
                      "authMethod"),
                  EventValidator::signatureApplied),
          "StepCompleted", new PayloadType(Set.of("stepId"), EventValidator::stepCompleted),
          "ComponentRemoved",
              new PayloadType(
                  Set.of("componentSerial", "lotId", "qty", "reason"),
                  EventValidator::componentRemoved),
          "Disposition",
              new PayloadType(
                  Set.of(
                      "violationId",
                      "decision",
                      "signerId",
                      "signerName",
                      "signerRole",
                      "signedRecordHash",
                      "authMethod",
                      "reason"),
                  EventValidator::disposition),
          "Correction",
              new PayloadType(
                  Set.of(
                      "correctsEventId",
                      "reason",
                      "correctedField",
                      "replacementValue",
                      "replacementText"),
                  EventValidator::correction),
          "UnitScrapped", new PayloadType(Set.of("reason"), EventValidator::unitScrapped));

  private record PayloadType(Set<String> fields, Function<FieldReader, Object> read) {}

  /** Where and when an event came in; everything the validator needs besides the JSON. */
  public record Intake(Instant receivedTime, EventSource source, PlantRegistry registry) {}

  /** The verdict on one event. */
  public sealed interface Validation {
    /** Readable and allowed: the Avro event, {@code replyTo} still unset. */
    record Valid(ProductionEvent event) implements Validation {}

    /** Refused, with every field that is wrong (never empty). */
    record Invalid(List<FieldError> errors) implements Validation {}
  }

  private EventValidator() {}

  /** The payload type names a sender may use, for messages and documentation. */
  public static Set<String> payloadTypes() {
    return PAYLOADS.keySet();
  }

  public static Validation validate(JsonNode json, byte[] raw, Intake intake) {
    List<FieldError> errors = new ArrayList<>();
    if (!json.isObject()) {
      errors.add(new FieldError("", "an event must be a JSON object"));
      return new Validation.Invalid(errors);
    }
    FieldReader envelope = new FieldReader(json, "", errors);
    envelope.rejectUnknownFields(ENVELOPE_FIELDS, SET_BY_INGEST);
    var eventId = envelope.requiredUuid("eventId");
    String serial = envelope.requiredText("serial");
    String plant = envelope.requiredText("plant");
    String station = envelope.requiredText("station");
    String actor = envelope.requiredText("actor");
    ActorType actorType = envelope.requiredEnum("actorType", ActorType.class);
    Instant eventTime = envelope.requiredInstant("eventTime");
    checkPlantAndStation(envelope, plant, station, intake.registry());
    Optional<Object> payload = payload(json.get("payload"), errors);
    if (!errors.isEmpty() || payload.isEmpty()) {
      return new Validation.Invalid(List.copyOf(errors));
    }
    ProductionEvent event =
        ProductionEvent.newBuilder()
            .setEventId(eventId)
            .setSerial(serial)
            .setPlant(plant)
            .setStation(station)
            .setActor(actor)
            .setActorType(actorType)
            .setEventTime(eventTime)
            .setReceivedTime(intake.receivedTime())
            .setSource(intake.source())
            .setRawPayload(ByteBuffer.wrap(raw.clone()))
            .setRawContentType(JSON_CONTENT_TYPE)
            .setReplyTo(null)
            .setPayload(payload.get())
            .build();
    return new Validation.Valid(event);
  }

  private static void checkPlantAndStation(
      FieldReader envelope, String plant, String station, PlantRegistry registry) {
    if (plant.isEmpty()) {
      return; // already reported
    }
    if (!registry.knowsPlant(plant)) {
      envelope.fail("plant", "unknown plant '" + plant + "'");
      return;
    }
    if (!station.isEmpty() && !registry.knowsStation(plant, station)) {
      envelope.fail("station", "unknown station '" + station + "' of plant '" + plant + "'");
    }
  }

  private static Optional<Object> payload(JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      errors.add(new FieldError("payload", "is required"));
      return Optional.empty();
    }
    if (!node.isObject()) {
      errors.add(new FieldError("payload", "must be an object with a type field"));
      return Optional.empty();
    }
    FieldReader reader = new FieldReader(node, "payload.", errors);
    Optional<String> typeName = reader.optionalText("type");
    if (typeName.isEmpty()) {
      if (!node.hasNonNull("type")) {
        reader.fail("type", "is required; one of " + String.join(", ", sortedTypes()));
      }
      return Optional.empty();
    }
    PayloadType type = PAYLOADS.get(typeName.get());
    if (type == null) {
      reader.fail(
          "type",
          "unknown payload type '"
              + typeName.get()
              + "'; one of "
              + String.join(", ", sortedTypes()));
      return Optional.empty();
    }
    Set<String> allowed = new java.util.HashSet<>(type.fields());
    allowed.add("type");
    reader.rejectUnknownFields(allowed, Set.of());
    return Optional.of(type.read().apply(reader));
  }

  private static List<String> sortedTypes() {
    return PAYLOADS.keySet().stream().sorted().toList();
  }

  private static Object unitStarted(FieldReader r) {
    return UnitStarted.newBuilder()
        .setProduct(r.requiredText("product"))
        .setWorkOrder(r.requiredText("workOrder"))
        .build();
  }

  private static Object stepStarted(FieldReader r) {
    return StepStarted.newBuilder().setStepId(r.requiredText("stepId")).build();
  }

  private static Object stepCompleted(FieldReader r) {
    return StepCompleted.newBuilder().setStepId(r.requiredText("stepId")).build();
  }

  private static Object unitScrapped(FieldReader r) {
    return UnitScrapped.newBuilder().setReason(r.requiredText("reason")).build();
  }

  private static Object componentScanned(FieldReader r) {
    String stepId = r.requiredText("stepId");
    String part = r.requiredText("part");
    Optional<String> componentSerial = r.optionalText("componentSerial");
    Optional<String> lotId = r.optionalText("lotId");
    requireExactlyOne(r, componentSerial, lotId);
    int qty = r.requiredPositiveInt("qty");
    if (componentSerial.isPresent() && qty > 1) {
      r.fail("qty", "must be 1 for a serialized component");
    }
    return ComponentScanned.newBuilder()
        .setStepId(stepId)
        .setPart(part)
        .setComponentSerial(componentSerial.orElse(null))
        .setLotId(lotId.orElse(null))
        .setQty(qty)
        .build();
  }

  private static Object componentRemoved(FieldReader r) {
    Optional<String> componentSerial = r.optionalText("componentSerial");
    Optional<String> lotId = r.optionalText("lotId");
    requireExactlyOne(r, componentSerial, lotId);
    int qty = r.optionalPositiveInt("qty").orElse(1);
    return ComponentRemoved.newBuilder()
        .setComponentSerial(componentSerial.orElse(null))
        .setLotId(lotId.orElse(null))
        .setQty(qty)
        .setReason(r.requiredText("reason"))
        .build();
  }

  private static void requireExactlyOne(
      FieldReader r, Optional<String> componentSerial, Optional<String> lotId) {
    if (componentSerial.isPresent() == lotId.isPresent()) {
      r.fail(
          "componentSerial",
          "give exactly one of componentSerial (serialized part) or lotId (lot-tracked material)");
    }
  }

  private static Object measurementRecorded(FieldReader r) {
    return MeasurementRecorded.newBuilder()
        .setStepId(r.requiredText("stepId"))
        .setCharacteristic(r.requiredText("characteristic"))
        .setValue(r.requiredNumber("value"))
        .setUnit(r.requiredText("unit"))
        .setDeviceId(r.optionalText("deviceId").orElse(null))
        .setCalibrationDue(r.optionalInstant("calibrationDue").orElse(null))
        .build();
  }

  private static Object signatureApplied(FieldReader r) {
    return SignatureApplied.newBuilder()
        .setStepId(r.requiredText("stepId"))
        .setSignerId(r.requiredText("signerId"))
        .setSignerName(r.requiredText("signerName"))
        .setMeaning(r.requiredText("meaning"))
        .setSignerRole(r.requiredText("signerRole"))
        .setSignedRecordHash(recordHash(r))
        .setAuthMethod(r.requiredEnum("authMethod", AuthMethod.class))
        .build();
  }

  private static Object disposition(FieldReader r) {
    return Disposition.newBuilder()
        .setViolationId(r.requiredUuid("violationId"))
        .setDecision(r.requiredEnum("decision", DispositionDecision.class))
        .setSignerId(r.requiredText("signerId"))
        .setSignerName(r.requiredText("signerName"))
        .setSignerRole(r.requiredText("signerRole"))
        .setSignedRecordHash(recordHash(r))
        .setAuthMethod(r.requiredEnum("authMethod", AuthMethod.class))
        .setReason(r.requiredText("reason"))
        .build();
  }

  private static Object correction(FieldReader r) {
    return Correction.newBuilder()
        .setCorrectsEventId(r.requiredUuid("correctsEventId"))
        .setReason(r.requiredText("reason"))
        .setCorrectedField(r.optionalText("correctedField").orElse(null))
        .setReplacementValue(r.optionalNumber("replacementValue").orElse(null))
        .setReplacementText(r.optionalText("replacementText").orElse(null))
        .build();
  }

  private static String recordHash(FieldReader r) {
    String hash = r.requiredText("signedRecordHash");
    if (!hash.isEmpty() && !SHA256_HEX.matcher(hash).matches()) {
      r.fail("signedRecordHash", "must be 64 lowercase hex digits (SHA-256)");
    }
    return hash;
  }
}
