package io.serialtrace.ingest.it;

import java.time.Instant;
import java.util.UUID;

/** JSON events for tests: valid by default, with the plant P1 of application.properties. */
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
    return "{\"eventId\":\""
        + eventId
        + "\",\"serial\":\""
        + serial
        + "\",\"plant\":\"P1\",\"station\":\""
        + station
        + "\",\"actor\":\"op-it\",\"actorType\":\"OPERATOR\",\"eventTime\":\""
        + Instant.now().minusMillis(50)
        + "\",\"payload\":"
        + payload
        + "}";
  }
}
