package io.serialtrace.ingest.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serialtrace.ingest.event.FieldError;
import io.serialtrace.ingest.event.PlantRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Completes an MQTT message's JSON into the HTTP event shape from what the topic says, so the same
 * {@code EventValidator} judges both channels. A station topic supplies plant and station; a device
 * topic supplies plant, the device's station (from configuration), actor = the device, actorType =
 * DEVICE, payload.deviceId, and — when the reading carries none — the serial and step bound to that
 * station. A value the sender gave must agree with the topic.
 */
public final class MqttEnvelope {
  private MqttEnvelope() {}

  /** The completed JSON, or why it cannot be completed. */
  public sealed interface Completion {
    record Completed(ObjectNode event) implements Completion {}

    record Refused(List<FieldError> errors) implements Completion {}
  }

  public static Completion complete(
      JsonNode json, MqttTopic topic, PlantRegistry registry, StationBindings bindings) {
    if (!(json instanceof ObjectNode original)) {
      return refused("", "an event must be a JSON object");
    }
    ObjectNode event = original.deepCopy();
    List<FieldError> errors = new ArrayList<>();
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
