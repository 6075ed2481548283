package io.serialtrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.serialtrace.schemas.Acknowledgement;
import io.serialtrace.schemas.GateOutcome;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.auth.TokenRequest;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a waiting station is told about the gate's decision (issue 15): a refusal notice ended by
 * quality's signed Acknowledgement, no other plant's unit in a 409, HOLD said as HOLD. The gate is
 * {@link GateStandIn} answering with the real gate's words: ingest ITs run no gate, so these assert
 * what ingest owns (what is stored, who may send it, what the answer says); the gate's rules for an
 * Acknowledgement are its own tests (STATE_MACHINE.md R60–R67).
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@ExtendWith(LocalStackExtension.class)
class GateAnswersIT {
  private static final Duration EVENT_WAIT = Duration.ofSeconds(20);
  private static final String REVIEWER = "qa-ack-it";
  private static final String REVIEWER_NAME = "Dana Weber";

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aDuplicateSerialNoticeIsAcknowledgedByQualityAndNeverByAnOperator(StackEndpoints stack)
      throws Exception {
    try (GateStandIn gate = new GateStandIn(stack)) {
      // 1. A reissued serial: the gate refuses it (DUPLICATE_SERIAL) and raises a notice.
      String serial = "SN-ACK-" + UUID.randomUUID().toString().substring(0, 8);
      UUID started = UUID.randomUUID();
      CompletableFuture<Response> refused =
          postWaiting(Tokens.operator(), Events.unitStarted(started, serial, "ST-010", "PUMP-A"));
      gate.decide(
          gate.awaitEvent(started, EVENT_WAIT),
          GateOutcome.REJECTED,
          List.of(ViolationCode.DUPLICATE_SERIAL));
      assertThat(refused.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(409);
      UUID notice = UUID.randomUUID();

      // 2. Quality acknowledges the notice with a fresh signing token: stored, 200 ACCEPTED.
      UUID acknowledgement = UUID.randomUUID();
      CompletableFuture<Response> answer =
          postWaiting(
              qualitySigningToken(),
              acknowledgement(acknowledgement, serial, REVIEWER, REVIEWER_NAME, notice));
      ProductionEvent stored = gate.awaitEvent(acknowledgement, EVENT_WAIT);
      assertThat(stored.getPayload()).isInstanceOf(Acknowledgement.class);
      assertThat(((Acknowledgement) stored.getPayload()).getViolationId()).isEqualTo(notice);
      gate.decide(stored, GateOutcome.ACCEPTED, List.of());
      Response accepted = answer.get(30, TimeUnit.SECONDS);
      assertThat(accepted.statusCode()).isEqualTo(200);
      assertThat(accepted.jsonPath().getString("decision")).isEqualTo("ACCEPTED");

      // 3. An operator may not end a notice, even signing as himself: 403 naming payload.type.
      Response forbidden =
          Tokens.asOperator()
              .contentType("application/json")
              .body(
                  acknowledgement(
                      UUID.randomUUID(), serial, Tokens.OPERATOR, "Olga Tester", notice))
              .post("/v1/events");
      assertThat(forbidden.statusCode()).isEqualTo(403);
      assertThat(forbidden.jsonPath().getList("errors.field")).contains("payload.type");
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void aP1OperatorIsNotToldTheStatusOrWorkOrderOfAP2UnitWithTheSameSerial(StackEndpoints stack)
      throws Exception {
    try (GateStandIn gate = new GateStandIn(stack)) {
      // 1. P1's operator starts a serial that a P2 operator started (work order WO-P2-4711).
      String serial = "SN-LEAK-" + UUID.randomUUID().toString().substring(0, 8);
      String p1Operator =
          Tokens.mint(
              TokenRequest.of(Tokens.OPERATOR, Set.of(Role.OPERATOR), Set.of("P1"))
                  .withPrintedName("Olga Tester"));
      UUID eventId = UUID.randomUUID();
      CompletableFuture<Response> answer =
          postWaiting(p1Operator, Events.unitStarted(eventId, serial, "ST-010", "PUMP-A"));

      // 2. The gate refuses it in its own words, which describe the P2 unit.
      gate.decide(
          gate.awaitEvent(eventId, EVENT_WAIT),
          GateOutcome.REJECTED,
          List.of(ViolationCode.DUPLICATE_SERIAL),
          List.of(
              "Serial "
                  + serial
                  + " already exists (IN_WORK, work order WO-P2-4711): a reissued serial"));

      // 3. The 409 says the code and "serial already in use", nothing of the P2 unit.
      Response response = answer.get(30, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(409);
      assertThat(response.jsonPath().getList("reasons")).containsExactly("DUPLICATE_SERIAL");
      assertThat(response.jsonPath().getList("messages")).containsExactly("serial already in use");
      assertThat(response.asString()).doesNotContain("WO-P2-4711", "IN_WORK", "already exists");
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void anAcceptedEventThatPutsTheUnitOnHoldIsNotToldProductionMayAdvance(StackEndpoints stack)
      throws Exception {
    try (GateStandIn gate = new GateStandIn(stack)) {
      UUID eventId = UUID.randomUUID();
      String serial = "SN-HOLD-" + eventId.toString().substring(0, 8);
      CompletableFuture<Response> answer =
          postWaiting(
              Tokens.operator(), Events.stepStarted(eventId, serial, "ST-010", "10-MOUNT-DRIVE"));
      gate.decide(
          gate.awaitEvent(eventId, EVENT_WAIT),
          GateOutcome.ACCEPTED,
          List.of(ViolationCode.QUEUE_TIME_EXCEEDED),
          List.of("Queue time 26h exceeds 24h before step 10-MOUNT-DRIVE"));

      Response response = answer.get(30, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.jsonPath().getString("detail"))
          .doesNotContain("may advance")
          .contains("on HOLD", "QUEUE_TIME_EXCEEDED (Queue time 26h exceeds 24h");
    }
  }

  private static String qualitySigningToken() {
    return Tokens.mint(
        TokenRequest.of(REVIEWER, Set.of(Role.QUALITY), Set.of("P1"))
            .withPrintedName(REVIEWER_NAME)
            .withLifetime(Duration.ofMinutes(5))
            .withAuthenticatedAt(Instant.now()));
  }

  private static String acknowledgement(
      UUID eventId, String serial, String signer, String signerName, UUID notice) {
    return Events.event(
        eventId,
        serial,
        "P1",
        "ST-040",
        signer,
        "OPERATOR",
        "{\"type\":\"Acknowledgement\",\"violationId\":\""
            + notice
            + "\",\"signerId\":\""
            + signer
            + "\",\"signerName\":\""
            + signerName
            + "\",\"signerRole\":\"QUALITY_ENGINEER\",\"meaning\":\"REVIEWED\","
            + "\"authMethod\":\"SSO\",\"reason\":\"Reissued label destroyed\"}");
  }

  private static CompletableFuture<Response> postWaiting(String token, String body) {
    return CompletableFuture.supplyAsync(
        () ->
            Tokens.bearing(token)
                .contentType("application/json")
                .header("Prefer", "wait=20")
                .body(body)
                .post("/v1/events"));
  }
}
