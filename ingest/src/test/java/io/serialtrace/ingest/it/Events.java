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

  /**
   * A torque reading of torque-tool-7 (P1, ST-010) for the MQTT device topic, naming its serial and
   * step, so it is valid whatever unit the station holds.
   */
  public static String torqueReading(UUID eventId, String serial) {
    return "{\"eventId\":\""
        + eventId
        + "\",\"serial\":\""
        + serial
        + "\",\"eventTime\":\""
        + java.time.Instant.now()
        + "\",\"payload\":{\"stepId\":\"10-MOUNT-DRIVE\",\"characteristic\":\"torque-M3-drive\","
        + "\"value\":1.21,\"unit\":\"Nm\",\"calibrationDue\":\"2027-01-01T00:00:00Z\"}}";
  }
}
