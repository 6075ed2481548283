package io.serialtrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.serialtrace.schemas.ActorType;
import io.serialtrace.schemas.EventSource;
import io.serialtrace.schemas.MeasurementRecorded;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Device readings published over MQTT reach Kafka; a reading without a serial is bound to the unit
 * at the device's station (torque-tool-7 works at ST-010).
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@ExtendWith(LocalStackExtension.class)
class MqttIntakeIT {
  private static final String EVENTS = "trace.production-events.v1";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void deviceReadingWithoutSerialIsBoundToTheUnitStartedAtItsStation(StackEndpoints stack)
      throws Exception {
    String serial = "SN-MQTT-" + UUID.randomUUID().toString().substring(0, 8);
    try (MqttTestClient mqtt = MqttTestClient.connect(stack, "torque-tool-7");
        TopicReader<ProductionEvent> reader =
            TopicReader.avro(stack, EVENTS, ProductionEvent.class)) {
      // 1. The operator starts the step at ST-010 over HTTP (stations post with the person's token;
      //    no MQTT user may publish on station topics).
      UUID started = UUID.randomUUID();
      Tokens.asOperator()
          .contentType("application/json")
          .body(Events.stepStarted(started, serial, "ST-010", "10-MOUNT-DRIVE"))
          .post("/v1/events")
          .then()
          .statusCode(202);
      assertThat(reader.await(r -> r.value().getEventId().equals(started), 1, WAIT)).hasSize(1);

      // 2. A torque reading with neither serial nor step on the device topic.
      UUID reading = UUID.randomUUID();
      String torque =
          "{\"eventId\":\""
              + reading
              + "\",\"eventTime\":\""
              + Instant.now()
              + "\",\"payload\":{\"characteristic\":\"torque-M3-drive\",\"value\":1.21,"
              + "\"unit\":\"Nm\",\"calibrationDue\":\"2027-01-01T00:00:00Z\"}}";
      // (published until seen: the app may still be subscribing, and QoS 1 keeps nothing for a
      // subscription that does not exist yet)
      List<ConsumerRecord<String, ProductionEvent>> found =
          MqttTestClient.publishUntilSeen(
              mqtt, "plants/P1/devices/torque-tool-7/measurements", torque, reader, reading, WAIT);

      // 3. It reaches Kafka bound to the unit and step at ST-010, from the device, recorded as
      //    submitted by the broker-authenticated device.
      assertThat(found).hasSize(1);
      ProductionEvent measured = found.getFirst().value();
      assertThat(found.getFirst().key()).isEqualTo(serial);
      assertThat(measured.getStation()).isEqualTo("ST-010");
      assertThat(measured.getActor()).isEqualTo("torque-tool-7");
      assertThat(measured.getActorType()).isEqualTo(ActorType.DEVICE);
      assertThat(measured.getSource()).isEqualTo(EventSource.MQTT);
      assertThat(measured.getPrincipal()).isEqualTo("mqtt:torque-tool-7");
      MeasurementRecorded payload = (MeasurementRecorded) measured.getPayload();
      assertThat(payload.getStepId()).isEqualTo("10-MOUNT-DRIVE");
      assertThat(payload.getDeviceId()).isEqualTo("torque-tool-7");
      assertThat(payload.getValue()).isEqualTo(1.21);
      assertThat(StandardCharsets.UTF_8.decode(measured.getRawPayload()).toString())
          .isEqualTo(torque);
    }
  }
}
