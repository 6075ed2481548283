package io.serialtrace.ingest.mqtt;

/**
 * What an MQTT topic names: {@code plants/{plant}/stations/{station}/events} or {@code
 * plants/{plant}/devices/{device}/measurements}. Pure parsing, tested on its own.
 */
public sealed interface MqttTopic {
  /** Events of a station app, the same JSON as {@code POST /v1/events}. */
  record StationEvents(String plant, String station) implements MqttTopic {}

  /** Readings of a device (torque tool, scale, leak tester). */
  record DeviceMeasurements(String plant, String device) implements MqttTopic {}

  /** Any other topic: its messages are dead-lettered. */
  record Unrecognized(String topic) implements MqttTopic {}

  static MqttTopic parse(String topic) {
    String[] parts = topic.split("/", -1);
    if (parts.length == 5
        && parts[0].equals("plants")
        && !parts[1].isEmpty()
        && !parts[3].isEmpty()) {
      if (parts[2].equals("stations") && parts[4].equals("events")) {
        return new StationEvents(parts[1], parts[3]);
      }
      if (parts[2].equals("devices") && parts[4].equals("measurements")) {
        return new DeviceMeasurements(parts[1], parts[3]);
      }
    }
    return new Unrecognized(topic);
  }
}
