package io.serialtrace.ingest.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serialtrace.ingest.event.FieldError;
import java.util.List;

/**
 * Completes one event's JSON from what the channel knows about its sender (for MQTT: the topic's
 * plant, station or device), before the event is validated; or refuses it.
 */
@FunctionalInterface
public interface Envelope {
  Completion complete(JsonNode json);

  /** The completed JSON, or why it cannot be completed. */
  sealed interface Completion {
    record Completed(ObjectNode event) implements Completion {}

    record Refused(List<FieldError> errors) implements Completion {}

    /** The message claims another identity than the channel's authenticated sender. */
    record Impersonation(List<FieldError> errors) implements Completion {}
  }
}
