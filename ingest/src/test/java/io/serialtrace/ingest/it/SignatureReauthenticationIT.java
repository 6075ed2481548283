package io.serialtrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.SignatureApplied;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.auth.TokenRequest;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Electronic signatures (21 CFR 11.50, 11.70, 11.200): a signature is stored only with a signing
 * token from a re-authentication moments ago ({@code auth_time}), used once ({@code jti}), whose
 * subject is the signer and whose name is the printed name on the signature. Each test stores a
 * valid fresh signature first (the positive control).
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@ExtendWith(LocalStackExtension.class)
class SignatureReauthenticationIT {
  private static final String TOPIC = "trace.production-events.v1";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration ABSENCE_WINDOW = Duration.ofSeconds(3);
  private static final String SIGNER = "qa-it";
  private static final String PRINTED_NAME = "Dana Weber";
  private static final String HEAD = "ab".repeat(32);

  private static String signature(UUID eventId, String signerId, String signerName) {
    return Events.event(
        eventId,
        "SN-SIG-1",
        "P1",
        "ST-040",
        signerId,
        "OPERATOR",
        "{\"type\":\"SignatureApplied\",\"stepId\":\"40-LEAK-TEST\",\"signerId\":\""
            + signerId
            + "\",\"signerName\":\""
            + signerName
            + "\",\"meaning\":\"APPROVED\",\"signerRole\":\"QUALITY_INSPECTOR\","
            + "\"signedRecordHash\":\""
            + HEAD
            + "\",\"authMethod\":\"SSO\"}");
  }

  /** A signing token: quality role, re-authenticated at {@code authenticatedAt}. */
  private static String signingToken(String subject, Instant authenticatedAt) {
    return Tokens.mint(
        TokenRequest.of(subject, Set.of(Role.QUALITY), Set.of("P1"))
            .withPrintedName(PRINTED_NAME)
            .withLifetime(Duration.ofMinutes(5))
            .withAuthenticatedAt(authenticatedAt));
  }

  private static void signedAndStored(TopicReader<ProductionEvent> reader) {
    UUID eventId = UUID.randomUUID();
    Tokens.bearing(signingToken(SIGNER, Instant.now()))
        .contentType("application/json")
        .body(signature(eventId, SIGNER, PRINTED_NAME))
        .post("/v1/events")
        .then()
        .statusCode(202);
    List<ConsumerRecord<String, ProductionEvent>> found =
        reader.await(r -> r.value().getEventId().equals(eventId), 1, WAIT);
    assertThat(found).hasSize(1);
    ProductionEvent event = found.getFirst().value();
    assertThat(event.getPrincipal()).isEqualTo("jwt:" + SIGNER);
    SignatureApplied signed = (SignatureApplied) event.getPayload();
    assertThat(signed.getSignerId()).isEqualTo(SIGNER);
    assertThat(signed.getSignerName()).isEqualTo(PRINTED_NAME);
    assertThat(signed.getMeaning()).isEqualTo("APPROVED");
    assertThat(signed.getSignedRecordHash()).isEqualTo(HEAD);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void refusesASignatureWithoutRecentReauthentication(StackEndpoints stack) {
    try (TopicReader<ProductionEvent> reader =
        TopicReader.avro(stack, TOPIC, ProductionEvent.class)) {
      // 1. Positive control: re-authenticated just now.
      signedAndStored(reader);

      // 2. A valid token whose sign-in was ten minutes ago: 401 naming auth_time, step-up asked.
      UUID stale = UUID.randomUUID();
      Tokens.bearing(signingToken(SIGNER, Instant.now().minus(Duration.ofMinutes(10))))
          .contentType("application/json")
          .body(signature(stale, SIGNER, PRINTED_NAME))
          .post("/v1/events")
          .then()
          .statusCode(401)
          .contentType("application/problem+json")
          .header("WWW-Authenticate", containsString("insufficient_user_authentication"))
          .body("type", equalTo("urn:serialtrace:problem:reauthentication-required"))
          .body("errors.field", hasItem("auth_time"));

      // 3. Not stored.
      assertThat(reader.drain(r -> r.value().getEventId().equals(stale), ABSENCE_WINDOW)).isEmpty();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void refusesASignatureForAnotherUser(StackEndpoints stack) {
    try (TopicReader<ProductionEvent> reader =
        TopicReader.avro(stack, TOPIC, ProductionEvent.class)) {
      // 1. Positive control.
      signedAndStored(reader);

      // 2. qa-it signs in the name of qa-other (actor and signer both qa-other): 403.
      UUID forOther = UUID.randomUUID();
      Tokens.bearing(signingToken(SIGNER, Instant.now()))
          .contentType("application/json")
          .body(signature(forOther, "qa-other", PRINTED_NAME))
          .post("/v1/events")
          .then()
          .statusCode(403)
          .body("errors.field", hasItem("payload.signerId"))
          .body("errors.message", hasItem(containsString("nobody signs for someone else")));

      // 3. qa-it signs as itself but under another printed name: 403 naming signerName.
      UUID otherName = UUID.randomUUID();
      Tokens.bearing(signingToken(SIGNER, Instant.now()))
          .contentType("application/json")
          .body(signature(otherName, SIGNER, "Someone Else"))
          .post("/v1/events")
          .then()
          .statusCode(403)
          .body("errors.field", hasItem("payload.signerName"));

      // 4. Neither stored.
      assertThat(
              reader.drain(
                  r ->
                      r.value().getEventId().equals(forOther)
                          || r.value().getEventId().equals(otherName),
                  ABSENCE_WINDOW))
          .isEmpty();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void refusesASigningTokenUsedASecondTime(StackEndpoints stack) {
    try (TopicReader<ProductionEvent> reader =
        TopicReader.avro(stack, TOPIC, ProductionEvent.class)) {
      // 1. The fresh token signs once: stored (the positive control).
      String token = signingToken(SIGNER, Instant.now());
      UUID first = UUID.randomUUID();
      Tokens.bearing(token)
          .contentType("application/json")
          .body(signature(first, SIGNER, PRINTED_NAME))
          .post("/v1/events")
          .then()
          .statusCode(202);
      assertThat(reader.await(r -> r.value().getEventId().equals(first), 1, WAIT)).hasSize(1);

      // 2. The same token for another signature: 401 naming jti.
      UUID second = UUID.randomUUID();
      Tokens.bearing(token)
          .contentType("application/json")
          .body(signature(second, SIGNER, PRINTED_NAME))
          .post("/v1/events")
          .then()
          .statusCode(401)
          .body("type", equalTo("urn:serialtrace:problem:reauthentication-required"))
          .body("errors.field", hasItem("jti"));
      assertThat(reader.drain(r -> r.value().getEventId().equals(second), ABSENCE_WINDOW))
          .isEmpty();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void letsTheVerySameSignedEventBeRetriedWithItsTokenButNotAlteredContent(StackEndpoints stack) {
    try (TopicReader<ProductionEvent> reader =
        TopicReader.avro(stack, TOPIC, ProductionEvent.class)) {
      // 1. Signed once: stored (the positive control).
      String token = signingToken(SIGNER, Instant.now());
      UUID eventId = UUID.randomUUID();
      String body = signature(eventId, SIGNER, PRINTED_NAME);
      Tokens.bearing(token)
          .contentType("application/json")
          .body(body)
          .post("/v1/events")
          .then()
          .statusCode(202);
      assertThat(reader.await(r -> r.value().getEventId().equals(eventId), 1, WAIT)).hasSize(1);

      // 2. The station lost the answer and retries the very same bytes: accepted again (the gate
      //    deduplicates the eventId).
      Tokens.bearing(token)
          .contentType("application/json")
          .body(body)
          .post("/v1/events")
          .then()
          .statusCode(202);

      // 3. The same eventId and token with another meaning: refused as a reused token.
      Tokens.bearing(token)
          .contentType("application/json")
          .body(body.replace("\"APPROVED\"", "\"REVIEWED\""))
          .post("/v1/events")
          .then()
          .statusCode(401)
          .body("errors.field", hasItem("jti"));
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void refusesAnOperatorSigningAsQualityInspector(StackEndpoints stack) {
    try (TopicReader<ProductionEvent> reader =
        TopicReader.avro(stack, TOPIC, ProductionEvent.class)) {
      // 1. Positive control: the quality engineer signs.
      signedAndStored(reader);

      // 2. An operator, freshly re-authenticated, signs a QA approval: 403 naming payload.type.
      UUID byOperator = UUID.randomUUID();
      String operatorSigning =
          Tokens.mint(
              TokenRequest.of("op-signer", Set.of(Role.OPERATOR), Set.of("P1"))
                  .withPrintedName(PRINTED_NAME)
                  .withAuthenticatedAt(Instant.now()));
      Tokens.bearing(operatorSigning)
          .contentType("application/json")
          .body(signature(byOperator, "op-signer", PRINTED_NAME))
          .post("/v1/events")
          .then()
          .statusCode(403)
          .body("errors.field", hasItem("payload.type"))
          .body("errors.message", hasItem(containsString("[quality]")));
      assertThat(reader.drain(r -> r.value().getEventId().equals(byOperator), ABSENCE_WINDOW))
          .isEmpty();
    }
  }
}
