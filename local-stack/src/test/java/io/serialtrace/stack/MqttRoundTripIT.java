package io.serialtrace.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stations publish their events over MQTT: the local broker must pass them on unchanged. */
@ExtendWith(LocalStackExtension.class)
class MqttRoundTripIT {
  private static final String TOPIC = "plants/P1/stations/S1/events";

  private record Received(String topic, byte[] payload, int qos) {}

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void deliversAStationEventPublishedWithQos1ByteForByte(StackEndpoints endpoints)
      throws Exception {
    String run = UUID.randomUUID().toString();
    byte[] event =
        ("{\"eventId\":\""
                + run
                + "\",\"plant\":\"P1\",\"station\":\"S1\",\"serial\":\"SN-000123\","
                + "\"type\":\"STEP_COMPLETED\",\"at\":\""
                + Instant.now()
                + "\",\"note\":\"Drehmoment 12,5 Nm \u2713\"}")
            .getBytes(StandardCharsets.UTF_8);

    try (MqttClient subscriber = client(endpoints, "it-sub-" + run);
        MqttClient publisher = client(endpoints, "it-pub-" + run)) {
      // 1. Subscribe to the station's event topic with QoS 1.
      CompletableFuture<Received> received = new CompletableFuture<>();
      subscriber.subscribe(
          TOPIC,
          1,
          (topic, message) ->
              received.complete(new Received(topic, message.getPayload(), message.getQos())));

      // 2. Publish one JSON event with QoS 1 (returns once the broker acknowledged it).
      publisher.publish(TOPIC, event, 1, false);

      // 3. The subscriber gets the same bytes on the same topic, still QoS 1.
      Received message = received.get(10, TimeUnit.SECONDS);
      assertThat(message.topic()).isEqualTo(TOPIC);
      assertThat(message.payload()).isEqualTo(event);
      assertThat(message.qos()).isEqualTo(1);

      subscriber.disconnect();
      publisher.disconnect();
    }
  }

  private static MqttClient client(StackEndpoints endpoints, String clientId) throws Exception {
    MqttClient client = new MqttClient(endpoints.mqttUrl(), clientId, new MemoryPersistence());
    client.setTimeToWait(TimeUnit.SECONDS.toMillis(10));
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(true);
    options.setConnectionTimeout(5);
    client.connect(options);
    return client;
  }
}
