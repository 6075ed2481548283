package io.serialtrace.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.stack.auth.MqttCredentials;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Devices publish their readings over MQTT: the local broker must pass them on unchanged to ingest,
 * and only from the device they claim to be (21 CFR 11.10(h)): no anonymous clients, no wrong
 * passwords, no publishing under another device's topic.
 */
@ExtendWith(LocalStackExtension.class)
class MqttRoundTripIT {
  private static final String DEVICE = "torque-tool-7";
  private static final String OTHER_DEVICE = "torque-tool-21";
  private static final String TOPIC = "plants/P1/devices/" + DEVICE + "/measurements";

  private record Received(String topic, byte[] payload, int qos) {}

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void deliversADeviceReadingPublishedWithQos1ByteForByte(StackEndpoints endpoints)
      throws Exception {
    String run = UUID.randomUUID().toString();
    byte[] event =
        ("{\"eventId\":\""
                + run
                + "\",\"serial\":\"SN-000123\",\"eventTime\":\""
                + Instant.now()
                + "\",\"payload\":{\"characteristic\":\"torque\",\"value\":1.2,\"unit\":\"Nm\","
                + "\"note\":\"Drehmoment 12,5 Nm \u2713\"}}")
            .getBytes(StandardCharsets.UTF_8);

    try (MqttClient subscriber = asUser(endpoints, MqttCredentials.INGEST_USER);
        MqttClient publisher = asUser(endpoints, DEVICE)) {
      // 1. Ingest's user subscribes to the device's readings with QoS 1.
      CompletableFuture<Received> received = new CompletableFuture<>();
      subscriber.subscribe(
          TOPIC,
          1,
          (topic, message) ->
              received.complete(new Received(topic, message.getPayload(), message.getQos())));

      // 2. The device publishes one JSON reading under its own topic with QoS 1.
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

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void refusesClientsWithoutCredentialsOrWithAWrongPassword(StackEndpoints endpoints)
      throws Exception {
    // 1. Positive control: the device's own credentials connect.
    try (MqttClient device = asUser(endpoints, DEVICE)) {
      assertThat(device.isConnected()).isTrue();
      device.disconnect();
    }

    // 2. No user name and password: the broker refuses the connection.
    assertThatThrownBy(() -> connect(endpoints, Optional.empty(), ""))
        .isInstanceOf(MqttException.class)
        .satisfies(e -> assertThat(refusedAsUnauthorized((MqttException) e)).isTrue());

    // 3. The device's name with another device's password: refused too.
    String otherPassword =
        MqttCredentials.in(StackSettings.forTests(RepositoryHome.find()).stateDir())
            .passwordOf(OTHER_DEVICE);
    assertThatThrownBy(() -> connect(endpoints, Optional.of(DEVICE), otherPassword))
        .isInstanceOf(MqttException.class)
        .satisfies(e -> assertThat(refusedAsUnauthorized((MqttException) e)).isTrue());
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void dropsAReadingPublishedUnderAnotherDevicesTopic(StackEndpoints endpoints) throws Exception {
    String othersTopic = "plants/P2/devices/" + OTHER_DEVICE + "/measurements";
    String ownTopic = "plants/P2/devices/" + DEVICE + "/measurements";
    try (MqttClient subscriber = asUser(endpoints, MqttCredentials.INGEST_USER);
        MqttClient publisher = asUser(endpoints, DEVICE)) {
      // 1. Ingest's user listens on every device topic of the plant.
      LinkedBlockingQueue<String> topics = new LinkedBlockingQueue<>();
      subscriber.subscribe("plants/P2/devices/+/measurements", 1, (t, m) -> topics.add(t));

      // 2. The device publishes under the other device's topic first, then under its own
      //    (the positive control). Mosquitto keeps one publisher's QoS 1 messages in order.
      publisher.publish(
          othersTopic, "{\"forged\":true}".getBytes(StandardCharsets.UTF_8), 1, false);
      publisher.publish(ownTopic, "{\"own\":true}".getBytes(StandardCharsets.UTF_8), 1, false);

      // 3. The first message that arrives is the control: the forged one never came through.
      assertThat(topics.poll(10, TimeUnit.SECONDS)).isEqualTo(ownTopic);
      assertThat(topics).isEmpty();

      subscriber.disconnect();
      publisher.disconnect();
    }
  }

  private static boolean refusedAsUnauthorized(MqttException e) {
    return e instanceof MqttSecurityException
        || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED
        || e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION;
  }

  private static MqttClient asUser(StackEndpoints endpoints, String user) throws Exception {
    String password =
        MqttCredentials.in(StackSettings.forTests(RepositoryHome.find()).stateDir())
            .passwordOf(user);
    return connect(endpoints, Optional.of(user), password);
  }

  private static MqttClient connect(
      StackEndpoints endpoints, Optional<String> user, String password) throws Exception {
    MqttClient client =
        new MqttClient(endpoints.mqttUrl(), "it-" + UUID.randomUUID(), new MemoryPersistence());
    client.setTimeToWait(TimeUnit.SECONDS.toMillis(10));
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(true);
    options.setConnectionTimeout(5);
    if (user.isPresent()) {
      options.setUserName(user.get());
      options.setPassword(password.toCharArray());
    }
    try {
      client.connect(options);
    } catch (MqttException e) {
      client.close();
      throw e;
    }
    return client;
  }
}
