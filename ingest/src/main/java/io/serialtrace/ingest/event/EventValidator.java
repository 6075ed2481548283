package io.serialtrace.ingest.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.serialtrace.schemas.ActorType;
import io.serialtrace.schemas.EventSource;
import io.serialtrace.schemas.ProductionEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
  private static final String JSON_CONTENT_TYPE = "application/json";

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
    return PayloadReaders.names();
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
    Optional<Object> payload = PayloadReaders.read(json.get("payload"), errors);
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
}
