package io.serialtrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.auth.TokenRequest;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Identity binding (21 CFR 11.10(h)): an event is stored only when its actor (or device) is the
 * token's subject, its plant is among the token's plants and the role allows its payload. Otherwise
 * 403 naming the field, and nothing reaches Kafka. Each test stores a matching event first (the
 * positive control) and then sees the foreign one refused and absent from the topic.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@ExtendWith(LocalStackExtension.class)
class HttpIdentityBindingIT {
  private static final String TOPIC = "trace.production-events.v1";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration ABSENCE_WINDOW = Duration.ofSeconds(3);

  private static final String STEP_STARTED = "{\"type\":\"StepStarted\",\"stepId\":\"10\"}";

  private static String reading(String deviceId) {
    return "{\"type\":\"MeasurementRecorded\",\"stepId\":\"10\",\"characteristic\":\"torque\","
        + "\"value\":1.2,\"unit\":\"Nm\",\"deviceId\":\""
        + deviceId
        + "\",\"calibrationDue\":\"2027-01-01T00:00:00Z\"}";
  }

  private static String deviceToken(String device) {
    return Tokens.mint(TokenRequest.of(device, Set.of(Role.DEVICE), Set.of("P1")));
  }

  private static void post(String token, String body, int status) {
    Tokens.bearing(token)
        .contentType("application/json")
        .body(body)
        .post("/v1/events")
        .then()
        .statusCode(status);
  }

  private static List<ConsumerRecord<String, ProductionEvent>> stored(
      TopicReader<ProductionEvent> reader, UUID eventId, Duration window) {
    return reader.drain(r -> r.value().getEventId().equals(eventId), window);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void refusesAnEventWhoseActorIsAnotherPrincipalAndStoresNothing(StackEndpoints stack) {
    try (TopicReader<ProductionEvent> reader =
        TopicReader.avro(stack, TOPIC, ProductionEvent.class)) {
      // 1. Positive control: op-it posts as op-it; stored, with the principal recorded.
      UUID own = UUID.randomUUID();
      post(
          Tokens.operator(),
          Events.event(own, "SN-ID-1", "P1", "ST-010", Tokens.OPERATOR, "OPERATOR", STEP_STARTED),
          202);
      List<ConsumerRecord<String, ProductionEvent>> found =
          reader.await(r -> r.value().getEventId().equals(own), 1, WAIT);
      assertThat(found).hasSize(1);
      assertThat(found.getFirst().value().getPrincipal()).isEqualTo("jwt:" + Tokens.OPERATOR);

      // 2. op-it posts an event naming another operator: 403 naming actor.
      UUID forged = UUID.randomUUID();
      Tokens.bearing(Tokens.operator())
          .contentType("application/json")
          .body(
              Events.event(forged, "SN-ID-1", "P1", "ST-010", "op-4711", "OPERATOR", STEP_STARTED))
          .post("/v1/events")
          .then()
          .statusCode(403)
          .contentType("application/problem+json")
          .body("type", equalTo("urn:serialtrace:problem:forbidden"))
          .body("errors.field", hasItem("actor"));

      // 3. Nothing of it on the topic.
      assertThat(stored(reader, forged, ABSENCE_WINDOW)).isEmpty();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void refusesAnEventOfAPlantOutsideTheTokensPlantsAndStoresNothing(StackEndpoints stack) {
    String p1Only =
        Tokens.mint(TokenRequest.of(Tokens.OPERATOR, Set.of(Role.OPERATOR), Set.of("P1")));
    try (TopicReader<ProductionEvent> reader =
        TopicReader.avro(stack, TOPIC, ProductionEvent.class)) {
      // 1. Positive control: a P1 event with the P1 token.
      UUID own = UUID.randomUUID();
      post(
          p1Only,
          Events.event(own, "SN-ID-2", "P1", "ST-010", Tokens.OPERATOR, "OPERATOR", STEP_STARTED),
          202);
      assertThat(reader.await(r -> r.value().getEventId().equals(own), 1, WAIT)).hasSize(1);

      // 2. The same operator, a P2 event (a known plant and station): 403 naming plant.
      UUID foreign = UUID.randomUUID();
      Tokens.bearing(p1Only)
          .contentType("application/json")
          .body(
              Events.event(
                  foreign, "SN-ID-2", "P2", "FA-100", Tokens.OPERATOR, "OPERATOR", STEP_STARTED))
          .post("/v1/events")
          .then()
          .statusCode(403)
          .body("errors.field", hasItem("plant"))
          .body("errors.message", hasItem(containsString("'P2'")));

      // 3. Nothing of it on the topic.
      assertThat(stored(reader, foreign, ABSENCE_WINDOW)).isEmpty();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void refusesADevicePostingAnOperatorOnlyAction(StackEndpoints stack) {
    String device = deviceToken("torque-tool-7");
    try (TopicReader<ProductionEvent> reader =
        TopicReader.avro(stack, TOPIC, ProductionEvent.class)) {
      // 1. Positive control: the device posts its own reading at its station.
      UUID own = UUID.randomUUID();
      post(
          device,
          Events.event(
              own, "SN-ID-3", "P1", "ST-010", "torque-tool-7", "DEVICE", reading("torque-tool-7")),
          202);
      List<ConsumerRecord<String, ProductionEvent>> found =
          reader.await(r -> r.value().getEventId().equals(own), 1, WAIT);
      assertThat(found).hasSize(1);
      assertThat(found.getFirst().value().getPrincipal()).isEqualTo("jwt:torque-tool-7");

      // 2. The device starts a step (operators only): 403 naming payload.type.
      UUID action = UUID.randomUUID();
      Tokens.bearing(device)
          .contentType("application/json")
          .body(
              Events.event(
                  action, "SN-ID-3", "P1", "ST-010", "torque-tool-7", "DEVICE", STEP_STARTED))
          .post("/v1/events")
          .then()
          .statusCode(403)
          .body("errors.field", hasItem("payload.type"))
          .body("errors.message", hasItem(containsString("[operator]")));
      assertThat(stored(reader, action, ABSENCE_WINDOW)).isEmpty();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void refusesADeviceReadingThatNamesAnotherDeviceOrStation(StackEndpoints stack) {
    String device = deviceToken("torque-tool-7");
    try (TopicReader<ProductionEvent> reader =
        TopicReader.avro(stack, TOPIC, ProductionEvent.class)) {
      // 1. Positive control: its own reading at its own station.
      UUID own = UUID.randomUUID();
      post(
          device,
          Events.event(
              own, "SN-ID-4", "P1", "ST-010", "torque-tool-7", "DEVICE", reading("torque-tool-7")),
          202);
      assertThat(reader.await(r -> r.value().getEventId().equals(own), 1, WAIT)).hasSize(1);

      // 2. A reading in the name of the leak tester: 403 naming payload.deviceId.
      UUID otherDevice = UUID.randomUUID();
      Tokens.bearing(device)
          .contentType("application/json")
          .body(
              Events.event(
                  otherDevice,
                  "SN-ID-4",
                  "P1",
                  "ST-010",
                  "torque-tool-7",
                  "DEVICE",
                  reading("leak-tester-2")))
          .post("/v1/events")
          .then()
          .statusCode(403)
          .body("errors.field", hasItem("payload.deviceId"));

      // 3. Its own reading claimed at a station it does not work at: 403 naming station.
      UUID otherStation = UUID.randomUUID();
      Tokens.bearing(device)
          .contentType("application/json")
          .body(
              Events.event(
                  otherStation,
                  "SN-ID-4",
                  "P1",
                  "ST-040",
                  "torque-tool-7",
                  "DEVICE",
                  reading("torque-tool-7")))
          .post("/v1/events")
          .then()
          .statusCode(403)
          .body("errors.field", hasItem("station"));

      // 4. Neither reached the topic.
      assertThat(
              reader.drain(
                  r ->
                      r.value().getEventId().equals(otherDevice)
                          || r.value().getEventId().equals(otherStation),
                  ABSENCE_WINDOW))
          .isEmpty();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void refusesAWholeBatchWhenOneEventIsForeign(StackEndpoints stack) {
    try (TopicReader<ProductionEvent> reader =
        TopicReader.avro(stack, TOPIC, ProductionEvent.class)) {
      // 1. A batch of an own event and a foreign one: 403, errors name the batch index.
      UUID own = UUID.randomUUID();
      UUID foreign = UUID.randomUUID();
      String batch =
          "["
              + Events.event(
                  own, "SN-ID-5", "P1", "ST-010", Tokens.OPERATOR, "OPERATOR", STEP_STARTED)
              + ","
              + Events.event(
                  foreign, "SN-ID-5", "P1", "ST-010", "op-4711", "OPERATOR", STEP_STARTED)
              + "]";
      Tokens.asOperator()
          .contentType("application/json")
          .body(batch)
          .post("/v1/events")
          .then()
          .statusCode(403)
          .body("errors[0].index", equalTo(1))
          .body("errors[0].field", equalTo("actor"));

      // 2. Neither event is stored; the own one alone (the control) is.
      assertThat(
              reader.drain(
                  r -> r.value().getEventId().equals(own) || r.value().getEventId().equals(foreign),
                  ABSENCE_WINDOW))
          .isEmpty();
      post(
          Tokens.operator(),
          Events.event(own, "SN-ID-5", "P1", "ST-010", Tokens.OPERATOR, "OPERATOR", STEP_STARTED),
          202);
      assertThat(reader.await(r -> r.value().getEventId().equals(own), 1, WAIT)).hasSize(1);
    }
  }
}
