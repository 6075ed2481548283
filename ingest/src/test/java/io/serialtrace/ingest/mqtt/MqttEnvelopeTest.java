package io.serialtrace.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serialtrace.ingest.event.FieldError;
import io.serialtrace.ingest.event.PlantRegistry;
import io.serialtrace.ingest.intake.Envelope.Completion;
import io.serialtrace.schemas.ActorType;
import io.serialtrace.schemas.EventSource;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.StepCompleted;
import io.serialtrace.schemas.StepStarted;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MqttEnvelopeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PlantRegistry REGISTRY =
      new PlantRegistry(
          Map.of("P1", Set.of("ST-010")), Map.of("P1", Map.of("torque-tool-7", "ST-010")));
  private static final MqttTopic DEVICE =
      MqttTopic.parse("plants/P1/devices/torque-tool-7/measurements");
  private static final String READING =
      "{\"eventId\":\""
          + UUID.randomUUID()
          + "\",\"eventTime\":\"2026-03-01T08:00:00Z\","
          + "\"payload\":{\"characteristic\":\"torque\",\"value\":1.2,\"unit\":\"Nm\"}}";

  @Test
  void parsesTheTwoTopicShapesAndNothingElse() {
    assertThat(MqttTopic.parse("plants/P1/stations/ST-010/events"))
        .isEqualTo(new MqttTopic.StationEvents("P1", "ST-010"));
    assertThat(DEVICE).isEqualTo(new MqttTopic.DeviceMeasurements("P1", "torque-tool-7"));
    assertThat(MqttTopic.parse("plants/P1/stations/ST-010/status"))
        .isInstanceOf(MqttTopic.Unrecognized.class);
    assertThat(MqttTopic.parse("plants//stations/ST-010/events"))
        .isInstanceOf(MqttTopic.Unrecognized.class);
  }

  @Test
  void bindsAReadingWithoutSerialToTheUnitAndStepAtTheDevicesStation() throws Exception {
    StationBindings bindings = new StationBindings();
    bindings.observe(event("SN-7", new StepStarted("10-MOUNT-DRIVE")));

    ObjectNode completed = completed(READING, bindings);

    assertThat(completed.get("serial").asText()).isEqualTo("SN-7");
    assertThat(completed.get("station").asText()).isEqualTo("ST-010");
    assertThat(completed.get("actor").asText()).isEqualTo("torque-tool-7");
    assertThat(completed.get("actorType").asText()).isEqualTo("DEVICE");
    assertThat(completed.at("/payload/stepId").asText()).isEqualTo("10-MOUNT-DRIVE");
    assertThat(completed.at("/payload/type").asText()).isEqualTo("MeasurementRecorded");
    assertThat(completed.at("/payload/deviceId").asText()).isEqualTo("torque-tool-7");
  }

  @Test
  void refusesAReadingWithoutSerialWhenNoUnitIsAtTheStation() throws Exception {
    StationBindings bindings = new StationBindings();
    bindings.observe(event("SN-7", new StepStarted("10")));
    bindings.observe(event("SN-7", new StepCompleted("10")));

    assertThat(refused(READING, bindings)).extracting(FieldError::field).containsExactly("serial");
  }

  @Test
  void refusesAPlantInTheBodyThatContradictsTheTopic() throws Exception {
    String body = READING.replace("{\"eventId\"", "{\"plant\":\"P2\",\"eventId\"");
    assertThat(refused(body, new StationBindings()))
        .extracting(FieldError::field)
        .contains("plant");
  }

  @Test
  void treatsAReadingNamingAnotherDeviceAsImpersonation() throws Exception {
    // 1. Positive control: the device's own id in the body is fine.
    String own =
        READING.replace("\"unit\":\"Nm\"", "\"unit\":\"Nm\",\"deviceId\":\"torque-tool-7\"");
    StationBindings bindings = new StationBindings();
    bindings.observe(event("SN-7", new StepStarted("10")));
    assertThat(completed(own, bindings).at("/payload/deviceId").asText())
        .isEqualTo("torque-tool-7");

    // 2. Another device's id, another actor, or another actor type: impersonation, each named.
    String otherDevice = own.replace("\"deviceId\":\"torque-tool-7\"", "\"deviceId\":\"scale-1\"");
    String otherActor = READING.replace("{\"eventId\"", "{\"actor\":\"op-4711\",\"eventId\"");
    String operatorType =
        READING.replace("{\"eventId\"", "{\"actorType\":\"OPERATOR\",\"eventId\"");
    assertThat(impersonation(otherDevice))
        .extracting(FieldError::field)
        .containsExactly("payload.deviceId");
    assertThat(impersonation(otherActor)).extracting(FieldError::field).containsExactly("actor");
    assertThat(impersonation(operatorType))
        .extracting(FieldError::field)
        .containsExactly("actorType");
  }

  private static java.util.List<FieldError> impersonation(String json) throws Exception {
    var result =
        MqttEnvelope.complete(JSON.readTree(json), DEVICE, REGISTRY, new StationBindings());
    assertThat(result).isInstanceOf(Completion.Impersonation.class);
    return ((Completion.Impersonation) result).errors();
  }

  private static ObjectNode completed(String json, StationBindings bindings) throws Exception {
    var result = MqttEnvelope.complete(JSON.readTree(json), DEVICE, REGISTRY, bindings);
    assertThat(result).isInstanceOf(Completion.Completed.class);
    return ((Completion.Completed) result).event();
  }

  private static java.util.List<FieldError> refused(String json, StationBindings bindings)
      throws Exception {
    var result = MqttEnvelope.complete(JSON.readTree(json), DEVICE, REGISTRY, bindings);
    assertThat(result).isInstanceOf(Completion.Refused.class);
    return ((Completion.Refused) result).errors();
  }

  private static ProductionEvent event(String serial, Object payload) {
    return ProductionEvent.newBuilder()
        .setEventId(UUID.randomUUID())
        .setSerial(serial)
        .setPlant("P1")
        .setStation("ST-010")
        .setActor("op")
        .setActorType(ActorType.OPERATOR)
        .setEventTime(Instant.EPOCH)
        .setReceivedTime(Instant.EPOCH)
        .setSource(EventSource.HTTP)
        .setPayload(payload)
        .build();
  }
}
