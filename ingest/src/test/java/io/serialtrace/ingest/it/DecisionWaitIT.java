package io.serialtrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.serialtrace.schemas.GateOutcome;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code Prefer: wait=N}: the station's "may I advance?" in one round trip. The gate is played by
 * {@link GateStandIn} (a stand-in through real Kafka until gating-streams lands).
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@ExtendWith(LocalStackExtension.class)
class DecisionWaitIT {
  private static final Duration EVENT_WAIT = Duration.ofSeconds(20);

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void answers200WhenTheGateAccepts(StackEndpoints stack) throws Exception {
    try (GateStandIn gate = new GateStandIn(stack)) {
      // 1. Post and wait; the stand-in gate sees the event with this instance's replyTo.
      UUID eventId = UUID.randomUUID();
      CompletableFuture<Response> answer = postWaiting(eventId, 20);
      ProductionEvent event = gate.awaitEvent(eventId, EVENT_WAIT);
      assertThat(event.getReplyTo()).startsWith("ingest-");

      // 2. It accepts; the waiting request answers 200 ACCEPTED.
      gate.decide(event, GateOutcome.ACCEPTED, List.of());
      Response response = answer.get(30, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.jsonPath().getString("decision")).isEqualTo("ACCEPTED");
      assertThat(response.jsonPath().getString("eventId")).isEqualTo(eventId.toString());
      assertThat(response.jsonPath().getLong("recordSeq")).isEqualTo(1L);
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void answers409WhenTheGateRejectsAnOutOfOrderStep(StackEndpoints stack) throws Exception {
    try (GateStandIn gate = new GateStandIn(stack)) {
      UUID eventId = UUID.randomUUID();
      CompletableFuture<Response> answer = postWaiting(eventId, 20);
      gate.decide(
          gate.awaitEvent(eventId, EVENT_WAIT),
          GateOutcome.REJECTED,
          List.of(ViolationCode.STEP_OUT_OF_ORDER));

      Response response = answer.get(30, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(409);
      assertThat(response.contentType()).startsWith("application/problem+json");
      assertThat(response.jsonPath().getString("decision")).isEqualTo("REJECTED");
      assertThat(response.jsonPath().getList("reasons")).containsExactly("STEP_OUT_OF_ORDER");
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void answers422WhenTheGateRejectsForMissingCaptures(StackEndpoints stack) throws Exception {
    try (GateStandIn gate = new GateStandIn(stack)) {
      UUID eventId = UUID.randomUUID();
      CompletableFuture<Response> answer = postWaiting(eventId, 20);
      gate.decide(
          gate.awaitEvent(eventId, EVENT_WAIT),
          GateOutcome.REJECTED,
          List.of(ViolationCode.MISSING_CAPTURE));

      Response response = answer.get(30, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(422);
      assertThat(response.jsonPath().getList("reasons")).containsExactly("MISSING_CAPTURE");
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void answers202WithALocationWhenTheWaitEndsAndThePollGetsTheLateDecision(StackEndpoints stack)
      throws Exception {
    try (GateStandIn gate = new GateStandIn(stack)) {
      // 1. Wait 1 s; the gate says nothing in time: 202 + Location.
      UUID eventId = UUID.randomUUID();
      Response pending = postWaiting(eventId, 1).get(30, TimeUnit.SECONDS);
      assertThat(pending.statusCode()).isEqualTo(202);
      String location = pending.header("Location");
      assertThat(location).endsWith("/v1/events/" + eventId + "/decision");

      // 2. The decision comes late; polling the Location gets it.
      gate.decide(gate.awaitEvent(eventId, EVENT_WAIT), GateOutcome.ACCEPTED, List.of());
      int status = 202;
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (status == 202 && System.nanoTime() < deadline) {
        status = Tokens.asOperator().get(java.net.URI.create(location).getPath()).statusCode();
        Thread.sleep(100);
      }
      assertThat(status).isEqualTo(200);
    }
  }

  private static CompletableFuture<Response> postWaiting(UUID eventId, int seconds) {
    String serial = "SN-WAIT-" + eventId.toString().substring(0, 8);
    String body = Events.stepStarted(eventId, serial, "ST-010", "10-MOUNT-DRIVE");
    return CompletableFuture.supplyAsync(
        () ->
            Tokens.asOperator()
                .contentType("application/json")
                .header("Prefer", "wait=" + seconds)
                .body(body)
                .post("/v1/events"));
  }
}
