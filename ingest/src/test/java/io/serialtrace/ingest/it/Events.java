package io.serialtrace.ingest.it;

import java.time.Instant;
import java.util.UUID;

/** JSON events for tests: valid by default, plant P1 of the development plant floor, op-it. */
public final class Events {
  private Events() {}

  public static String stepStarted(UUID eventId, String serial, String station, String stepId) {
    return envelope(
        eventId, serial, station, "{\"type\":\"StepStarted\",\"stepId\":\"" + stepId + "\"}");
  }

  public static String unitStarted(UUID eventId, String serial, String station, String product) {
    return envelope(
        eventId,
        serial,
        station,
        "{\"type\":\"UnitStarted\",\"product\":\"" + product + "\",\"workOrder\":\"WO-IT-1\"}");
  }

  public static String envelope(UUID eventId, String serial, String station, String payload) {
    return event(eventId, serial, "P1", station, "op-it", "OPERATOR", payload);
  }

  /** Any envelope: plant, actor and actor type chosen by the test. */
  public static String event(
      UUID eventId,
      String serial,
      String plant,
      String station,
      String actor,
      String actorType,
      String payload) {
    return "{\"eventId\":\""
        + eventId
        + "\",\"serial\":\""
        + serial
        + "\",\"plant\":\""
        + plant
        + "\",\"station\":\""
        + station
        + "\",\"actor\":\""
        + actor
        + "\",\"actorType\":\""
        + actorType
        + "\",\"eventTime\":\""
        + Instant.now().minusMillis(50)
        + "\",\"payload\":"
        + payload
        + "}";
  }
}
