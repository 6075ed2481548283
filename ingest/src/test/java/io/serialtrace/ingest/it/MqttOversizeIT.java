package io.serialtrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.serialtrace.ingest.mqtt.MqttIntake;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A message far over the limit is dead-lettered as too large, and the connection it arrived on
 * stays up: the reading the device sends right after it is stored.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@ExtendWith(LocalStackExtension.class)
class MqttOversizeIT {
  private static final String EVENTS = "trace.production-events.v1";
  private static final String DLQ = "trace.ingest-dlq.v1";
  private static final String TOPIC = "plants/P1/devices/torque-tool-7/measurements";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String RECONNECTS = "ingest_mqtt_reconnects_total";
  private static final String TOO_LARGE = "ingest_dead_letters_total";

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void deadLettersATwoMegabyteMessageAndStoresTheReadingSentTenMillisecondsLater(
      StackEndpoints stack) throws Exception {
    String serial = "SN-BIG-" + UUID.randomUUID().toString().substring(0, 8);
    try (MqttTestClient device = MqttTestClient.connect(stack, "torque-tool-7");
        TopicReader<ProductionEvent> events =
            TopicReader.avro(stack, EVENTS, ProductionEvent.class);
        TopicReader<byte[]> deadLetters = TopicReader.bytes(stack, DLQ)) {
      // 1. A first reading, published until seen: ingest is connected and subscribed.
      device.awaitIngestSubscribed(TOPIC, serial, events);
      double reconnectsBefore = ScrapedMetrics.count(RECONNECTS, "");
      double tooLargeBefore = ScrapedMetrics.count(TOO_LARGE, "reason=\"too-large\"");

      // 2. 2 MB of a misbehaving device, and 10 ms later a valid reading.
      byte[] huge = new byte[2 * 1024 * 1024];
      Arrays.fill(huge, (byte) 'x');
      byte[] start = "{\"eventId\":\"oversize\",\"padding\":\"".getBytes(StandardCharsets.UTF_8);
      System.arraycopy(start, 0, huge, 0, start.length);
      UUID next = UUID.randomUUID();
      device.publish(TOPIC, huge);
      Thread.sleep(10);
      device.publish(TOPIC, Events.torqueReading(next, serial).getBytes(StandardCharsets.UTF_8));

      // 3. The large one is dead-lettered: reason, size, and its first bytes as the value.
      List<ConsumerRecord<String, byte[]>> letters =
          deadLetters.await(r -> header(r, MqttIntake.HEADER_SIZE).equals("2097152"), 1, WAIT);
      assertThat(letters).hasSize(1);
      ConsumerRecord<String, byte[]> letter = letters.getFirst();
      assertThat(header(letter, MqttIntake.HEADER_REASON))
          .startsWith("too-large: 2097152 bytes, limit 262144");
      assertThat(header(letter, MqttIntake.HEADER_TOPIC)).isEqualTo(TOPIC);
      assertThat(letter.value()).isEqualTo(Arrays.copyOf(huge, 1024));

      // 4. The reading sent right after it is stored, once.
      assertThat(events.await(r -> r.value().getEventId().equals(next), 1, WAIT)).hasSize(1);
      assertThat(events.drain(r -> r.value().getEventId().equals(next), Duration.ofSeconds(1)))
          .isEmpty();

      // 5. Counted, and the connection never dropped.
      assertThat(ScrapedMetrics.count(TOO_LARGE, "reason=\"too-large\""))
          .isEqualTo(tooLargeBefore + 1);
      assertThat(ScrapedMetrics.count(RECONNECTS, "")).isEqualTo(reconnectsBefore);
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }
}
