package io.serialtrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.serialtrace.ingest.mqtt.MqttIntake;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Device identity over MQTT (21 CFR 11.10(h)): only authenticated devices connect; a device's
 * reading naming another device is dead-lettered with the reason and its raw bytes, never an event;
 * a device cannot publish under another device's topic at all. Each test has the device publish an
 * honest reading too (the positive control), after the forged one on the same connection: once the
 * control's event is on Kafka, the forged message has been dealt with.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@ExtendWith(LocalStackExtension.class)
class MqttDeviceIdentityIT {
  private static final String EVENTS = "trace.production-events.v1";
  private static final String DLQ = "trace.ingest-dlq.v1";
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String DEVICE = "torque-tool-7";
  private static final String OWN_TOPIC = "plants/P1/devices/" + DEVICE + "/measurements";

  private static String reading(UUID eventId, String deviceIdField) {
    return "{\"eventId\":\""
        + eventId
        + "\",\"serial\":\"SN-MQTT-ID\",\"eventTime\":\""
        + Instant.now()
        + "\",\"payload\":{\"stepId\":\"10-MOUNT-DRIVE\",\"characteristic\":\"torque-M3-drive\","
        + "\"value\":1.2,\"unit\":\"Nm\""
        + deviceIdField
        + ",\"calibrationDue\":\"2027-01-01T00:00:00Z\"}}";
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aClientWithoutCredentialsCannotConnect(StackEndpoints stack) throws Exception {
    // 1. Positive control: the device with its password connects.
    try (MqttTestClient device = MqttTestClient.connect(stack, DEVICE)) {
      assertThat(device).isNotNull();
    }

    // 2. Without credentials: refused by the broker.
    assertThatThrownBy(() -> MqttTestClient.connectAnonymously(stack))
        .isInstanceOf(MqttException.class);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void deadLettersAReadingWhoseDeviceIdIsAnotherDevice(StackEndpoints stack) throws Exception {
    UUID forgedId = UUID.randomUUID();
    byte[] forged =
        reading(forgedId, ",\"deviceId\":\"leak-tester-2\"").getBytes(StandardCharsets.UTF_8);
    try (MqttTestClient mqtt = MqttTestClient.connect(stack, DEVICE);
        TopicReader<ProductionEvent> events =
            TopicReader.avro(stack, EVENTS, ProductionEvent.class);
        TopicReader<byte[]> letters = TopicReader.bytes(stack, DLQ)) {
      // 1. The forged reading, then the honest one, until the honest one is seen (the app
      //    subscribes shortly after start; QoS 1 keeps nothing for a missing subscription).
      UUID honestId = UUID.randomUUID();
      List<ConsumerRecord<String, ProductionEvent>> honest =
          forgedThenHonest(mqtt, OWN_TOPIC, forged, honestId, events);
      assertThat(honest).isNotEmpty();
      assertThat(honest.getFirst().value().getPrincipal()).isEqualTo("mqtt:" + DEVICE);

      // 2. The forged one is a dead letter: raw bytes unchanged, reason naming the field.
      List<ConsumerRecord<String, byte[]>> found =
          letters.await(r -> Arrays.equals(r.value(), forged), 1, WAIT);
      assertThat(found).isNotEmpty();
      assertThat(header(found.getFirst(), MqttIntake.HEADER_REASON))
          .startsWith("identity-mismatch: ")
          .contains("payload.deviceId")
          .contains("'leak-tester-2'");
      assertThat(header(found.getFirst(), MqttIntake.HEADER_TOPIC)).isEqualTo(OWN_TOPIC);

      // 3. And never an event.
      assertThat(events.drain(r -> r.value().getEventId().equals(forgedId), WAIT)).isEmpty();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void acceptsNothingPublishedUnderAnotherDevicesTopic(StackEndpoints stack) throws Exception {
    UUID forgedId = UUID.randomUUID();
    byte[] forged = reading(forgedId, "").getBytes(StandardCharsets.UTF_8);
    try (MqttTestClient mqtt = MqttTestClient.connect(stack, DEVICE);
        TopicReader<ProductionEvent> events =
            TopicReader.avro(stack, EVENTS, ProductionEvent.class);
        TopicReader<byte[]> letters = TopicReader.bytes(stack, DLQ)) {
      // 1. torque-tool-7 publishes under leak-tester-2's topic, then its honest reading under its
      //    own topic (the positive control).
      UUID honestId = UUID.randomUUID();
      assertThat(
              forgedThenHonest(
                  mqtt, "plants/P1/devices/leak-tester-2/measurements", forged, honestId, events))
          .isNotEmpty();

      // 2. The broker dropped the forged message: no event, not even a dead letter.
      assertThat(events.drain(r -> r.value().getEventId().equals(forgedId), WAIT)).isEmpty();
      assertThat(letters.drain(r -> Arrays.equals(r.value(), forged), Duration.ofSeconds(1)))
          .isEmpty();
    }
  }

  /** Publishes the forged message and then an honest reading, until the honest one arrives. */
  private static List<ConsumerRecord<String, ProductionEvent>> forgedThenHonest(
      MqttTestClient mqtt,
      String forgedTopic,
      byte[] forged,
      UUID honestId,
      TopicReader<ProductionEvent> events)
      throws Exception {
    byte[] honest = reading(honestId, "").getBytes(StandardCharsets.UTF_8);
    for (int attempt = 0; attempt < 6; attempt++) {
      mqtt.publish(forgedTopic, forged);
      mqtt.publish(OWN_TOPIC, honest);
      List<ConsumerRecord<String, ProductionEvent>> seen =
          events.await(r -> r.value().getEventId().equals(honestId), 1, WAIT);
      if (!seen.isEmpty()) {
        return seen;
      }
    }
    return List.of();
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as("header " + name).isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
