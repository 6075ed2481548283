package io.serialtrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.serialtrace.ingest.mqtt.MqttIntake;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Unreadable MQTT input lands on trace.ingest-dlq.v1 with its raw bytes and the reason. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@ExtendWith(LocalStackExtension.class)
class MqttDeadLetterIT {
  private static final String DLQ = "trace.ingest-dlq.v1";

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void deadLettersMalformedJsonWithRawBytesReasonTopicAndPlant(StackEndpoints stack)
      throws Exception {
    String topic = "plants/P1/devices/torque-tool-7/measurements";
    byte[] garbage =
        ("{\"eventId\": \"" + UUID.randomUUID() + "\", torque=12,5 Nm \u2713")
            .getBytes(StandardCharsets.UTF_8);
    try (MqttTestClient mqtt = MqttTestClient.connect(stack, "torque-tool-7");
        TopicReader<byte[]> reader = TopicReader.bytes(stack, DLQ)) {
      // 1. Publish until the dead letter appears (the app may still be subscribing).
      List<ConsumerRecord<String, byte[]>> found = List.of();
      for (int attempt = 0; attempt < 6 && found.isEmpty(); attempt++) {
        mqtt.publish(topic, garbage);
        found =
            reader.await(
                r -> java.util.Arrays.equals(r.value(), garbage), 1, Duration.ofSeconds(10));
      }

      // 2. Raw bytes unchanged, reason, topic and plant in headers.
      assertThat(found).isNotEmpty();
      ConsumerRecord<String, byte[]> letter = found.getFirst();
      assertThat(letter.key()).isEqualTo(topic);
      assertThat(header(letter, MqttIntake.HEADER_REASON)).startsWith("malformed-json: ");
      assertThat(header(letter, MqttIntake.HEADER_TOPIC)).isEqualTo(topic);
      assertThat(header(letter, MqttIntake.HEADER_PLANT)).isEqualTo("P1");
      assertThat(header(letter, MqttIntake.HEADER_SOURCE)).isEqualTo("MQTT");
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void deadLettersAReadingOfADeviceOfAnotherPlant(StackEndpoints stack) throws Exception {
    // torque-tool-21 is a broker user (it works in P2), but not a device of P1.
    String topic = "plants/P1/devices/torque-tool-21/measurements";
    byte[] reading =
        ("{\"eventId\":\""
                + UUID.randomUUID()
                + "\",\"serial\":\"SN-1\",\"eventTime\":\"2026-03-01T08:00:00Z\","
                + "\"payload\":{\"stepId\":\"10\",\"characteristic\":\"torque\",\"value\":1,"
                + "\"unit\":\"Nm\"}}")
            .getBytes(StandardCharsets.UTF_8);
    try (MqttTestClient mqtt = MqttTestClient.connect(stack, "torque-tool-21");
        TopicReader<byte[]> reader = TopicReader.bytes(stack, DLQ)) {
      List<ConsumerRecord<String, byte[]>> found = List.of();
      for (int attempt = 0; attempt < 6 && found.isEmpty(); attempt++) {
        mqtt.publish(topic, reading);
        found =
            reader.await(
                r -> java.util.Arrays.equals(r.value(), reading), 1, Duration.ofSeconds(10));
      }
      assertThat(found).isNotEmpty();
      assertThat(header(found.getFirst(), MqttIntake.HEADER_REASON))
          .startsWith("invalid-event: ")
          .contains("unknown device 'torque-tool-21' of plant 'P1'");
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as("header " + name).isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
