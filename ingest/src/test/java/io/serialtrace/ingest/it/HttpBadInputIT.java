package io.serialtrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every kind of bad HTTP input gets an application/problem+json answer naming the field, and
 * nothing bad reaches Kafka; in a batch the good events are stored all the same.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@ExtendWith(LocalStackExtension.class)
class HttpBadInputIT {
  private static final String TOPIC = "trace.production-events.v1";

  private static ValidatableResponse post(String body) {
    return Tokens.asOperator()
        .contentType("application/json")
        .body(body)
        .post("/v1/events")
        .then()
        .contentType("application/problem+json");
  }

  private static String valid() {
    return Events.stepStarted(UUID.randomUUID(), "SN-BAD-1", "ST-010", "10-MOUNT-DRIVE");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void answersMalformedJsonWith400() {
    post("{\"eventId\": ")
        .statusCode(400)
        .body("type", equalTo("urn:serialtrace:problem:malformed-json"))
        .body("status", equalTo(400))
        .body("detail", containsString("Malformed JSON"));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void answersAnUnknownPayloadTypeNamingTheField() {
    post(valid().replace("\"StepStarted\"", "\"StepTeleported\""))
        .statusCode(400)
        .body("type", equalTo("urn:serialtrace:problem:invalid-event"))
        .body("errors.field", contains("payload.type"));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void answersMissingAndMalformedFieldsNamingEach() {
    String body =
        valid()
            .replace("\"serial\":\"SN-BAD-1\",", "")
            .replaceAll("\"eventId\":\"[^\"]+\"", "\"eventId\":\"not-a-uuid\"")
            .replaceAll("\"eventTime\":\"[^\"]+\"", "\"eventTime\":\"yesterday\"");
    post(body)
        .statusCode(400)
        .body(
            "errors.field",
            org.hamcrest.Matchers.containsInAnyOrder("serial", "eventId", "eventTime"));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void answersAnUnknownPlantAndStation() {
    post(valid().replace("\"plant\":\"P1\"", "\"plant\":\"P9\""))
        .statusCode(400)
        .body("errors.field", contains("plant"))
        .body("errors.message", contains("unknown plant 'P9'"));
    post(valid().replace("\"station\":\"ST-010\"", "\"station\":\"ST-999\""))
        .statusCode(400)
        .body("errors.field", contains("station"));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void answersAnOversizedBodyWith413() {
    String padding = "x".repeat(1_100_000);
    post("[\"" + padding + "\"]")
        .statusCode(413)
        .body("type", equalTo("urn:serialtrace:problem:body-too-large"));
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void storesTheGoodEventsOfABatchAndNamesTheBadOnesByIndex(StackEndpoints stack) {
    // 1. Arrange: good, bad (unknown station), good.
    String serial = "SN-MIX-" + UUID.randomUUID().toString().substring(0, 8);
    UUID first = UUID.randomUUID();
    UUID bad = UUID.randomUUID();
    UUID third = UUID.randomUUID();
    String body =
        "["
            + Events.stepStarted(first, serial, "ST-010", "10")
            + ","
            + Events.stepStarted(bad, serial, "ST-999", "20")
            + ","
            + Events.stepStarted(third, serial, "ST-010", "30")
            + "]";
    try (TopicReader<ProductionEvent> reader =
        TopicReader.avro(stack, TOPIC, ProductionEvent.class)) {
      // 2. The answer lists the stored ones and the refused one by index.
      post(body)
          .statusCode(400)
          .body("type", equalTo("urn:serialtrace:problem:partially-accepted"))
          .body("accepted.index", contains(0, 2))
          .body("accepted.eventId", contains(first.toString(), third.toString()))
          .body("errors.index", contains(1))
          .body("errors.field", hasItem("station"));

      // 3. Exactly the two good ones reach Kafka.
      List<UUID> stored =
          reader.drain(r -> r.key().equals(serial), Duration.ofSeconds(5)).stream()
              .map(r -> r.value().getEventId())
              .toList();
      assertThat(stored).containsExactly(first, third);
    }
  }
}
