package io.serialtrace.ingest.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serialtrace.ingest.event.FieldError;
import io.serialtrace.ingest.event.PlantRegistry;
import io.serialtrace.ingest.intake.Envelope.Completion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Completes an MQTT message's JSON into the HTTP event shape from what the topic says, so the same
 * {@code EventValidator} judges both channels. A station topic supplies plant and station; a device
 * topic supplies plant, the device's station (from configuration), actor = the device, actorType =
 * DEVICE, payload.deviceId, and — when the reading carries none — the serial and step bound to that
 * station. A value the sender gave must agree with the topic.
 *
 * <p>Device identity (21 CFR 11.10(h)): the broker lets a device publish only under its own topic
 * segment (its MQTT user name), so the topic's device is the authenticated one. A reading whose
 * {@code actor}, {@code actorType} or {@code payload.deviceId} names anyone else is an
 * impersonation attempt, refused as such.
 */
public final class MqttEnvelope {
  private MqttEnvelope() {}

  public static Completion complete(
      JsonNode json, MqttTopic topic, PlantRegistry registry, StationBindings bindings) {
    if (!(json instanceof ObjectNode original)) {
      return refused("", "an event must be a JSON object");
    }
    ObjectNode event = original.deepCopy();
    List<FieldError> errors = new ArrayList<>();
    if (topic instanceof MqttTopic.DeviceMeasurements device) {
      List<FieldError> foreign = foreignIdentity(event, device.device());
      if (!foreign.isEmpty()) {
        return new Completion.Impersonation(foreign);
      }
    }
    switch (topic) {
      case MqttTopic.StationEvents station -> {
        fill(event, "plant", station.plant(), errors);
        fill(event, "station", station.station(), errors);
      }
      case MqttTopic.DeviceMeasurements device ->
          completeReading(event, device, registry, bindings, errors);
      case MqttTopic.Unrecognized unrecognized ->
          errors.add(
              new FieldError("", "topic " + unrecognized.topic() + " is not an ingest topic"));
    }
    return errors.isEmpty() ? new Completion.Completed(event) : new Completion.Refused(errors);
  }

  /** Every field of the message naming another principal than the authenticated device. */
  private static List<FieldError> foreignIdentity(ObjectNode event, String device) {
    List<FieldError> errors = new ArrayList<>();
    claimed(event, "actor", device, errors);
    JsonNode actorType = event.get("actorType");
    if (actorType != null && !actorType.isNull() && !"DEVICE".equals(actorType.asText())) {
      errors.add(
          new FieldError(
              "actorType",
              "'" + actorType.asText() + "' on a device topic: readings are the device's own"));
    }
    if (event.get("payload") instanceof ObjectNode payload) {
      claimed(payload, "deviceId", device, errors);
    }
    return errors;
  }

  private static void claimed(
      ObjectNode node, String field, String device, List<FieldError> errors) {
    JsonNode given = node.get(field);
    if (given != null && !given.isNull() && !device.equals(given.asText())) {
      errors.add(
          new FieldError(
              field.equals("deviceId") ? "payload.deviceId" : field,
              "'"
                  + given.asText()
                  + "' is not the authenticated device '"
                  + device
                  + "' (the topic's device segment)"));
    }
  }

  private static void completeReading(
      ObjectNode event,
      MqttTopic.DeviceMeasurements device,
      PlantRegistry registry,
      StationBindings bindings,
      List<FieldError> errors) {
    fill(event, "plant", device.plant(), errors);
    Optional<String> station = registry.stationOfDevice(device.plant(), device.device());
    if (station.isEmpty()) {
      errors.add(
          new FieldError(
              "device",
              "unknown device '" + device.device() + "' of plant '" + device.plant() + "'"));
      return;
    }
    fill(event, "station", station.get(), errors);
    fillIfAbsent(event, "actor", device.device());
    fillIfAbsent(event, "actorType", "DEVICE");
    if (!(event.get("payload") instanceof ObjectNode payload)) {
      errors.add(new FieldError("payload", "is required: a MeasurementRecorded object"));
      return;
    }
    fillIfAbsent(payload, "type", "MeasurementRecorded");
    if (!"MeasurementRecorded".equals(payload.path("type").asText())) {
      errors.add(new FieldError("payload.type", "a device topic carries MeasurementRecorded only"));
      return;
    }
    fillIfAbsent(payload, "deviceId", device.device());
    Optional<StationBindings.Binding> bound = bindings.at(device.plant(), station.get());
    if (!event.hasNonNull("serial")) {
      if (bound.isEmpty()) {
        errors.add(
            new FieldError(
                "serial", "is absent and no unit is started at station '" + station.get() + "'"));
        return;
      }
      event.put("serial", bound.get().serial());
    }
    if (!payload.hasNonNull("stepId")) {
      bound
          .filter(b -> b.serial().equals(event.path("serial").asText()))
          .flatMap(StationBindings.Binding::stepId)
          .ifPresent(step -> payload.put("stepId", step));
    }
  }

  private static void fill(
      ObjectNode event, String field, String fromTopic, List<FieldError> errors) {
    JsonNode given = event.get(field);
    if (given == null || given.isNull()) {
      event.put(field, fromTopic);
    } else if (!given.isTextual() || !given.textValue().equals(fromTopic)) {
      errors.add(new FieldError(field, "must match the topic's " + field + " '" + fromTopic + "'"));
    }
  }

  private static void fillIfAbsent(ObjectNode node, String field, String value) {
    if (!node.hasNonNull(field)) {
      node.put(field, value);
    }
  }

  private static Completion refused(String field, String message) {
    return new Completion.Refused(List.of(new FieldError(field, message)));
  }
}
