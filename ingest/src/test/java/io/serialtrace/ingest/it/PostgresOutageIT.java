package io.serialtrace.ingest.it;

import static io.restassured.RestAssured.given;
import static io.serialtrace.ingest.it.MesDatabase.awaitSlotActive;
import static io.serialtrace.ingest.it.MesDatabase.deleteProduct;
import static io.serialtrace.ingest.it.MesDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.auth.TokenRequest;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL stopped under ingest, then started again. The signing ledger: a signature answers 503
 * {@code signing-ledger-unavailable} within a bound while it is down, nothing stored, and the very
 * same event and token are stored exactly once when retried after it is back. Route CDC: a route
 * released just before the outage and one released once it is back are both published — the engine
 * retries its lost connection and resumes from its offsets, no route change lost — and liveness
 * reports it streaming.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@ExtendWith(LocalStackExtension.class)
class PostgresOutageIT {
  private static final String EVENTS = "trace.production-events.v1";
  private static final String ROUTES = "trace.routes.v1";
  private static final String SIGNER = "qa-it";
  private static final String PRINTED_NAME = "Dana Weber";

  /**
   * The answer's bound while PostgreSQL refuses connections: pool acquisition (3 s) or connect (3
   * s) plus the socket timeout (15 s) of {@code quarkus.datasource.*}, with room for a loaded
   * machine. Measured: see the test's output.
   */
  private static final Duration ANSWER_BOUND = Duration.ofSeconds(30);

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void signaturesAnswer503WhileDownAndRouteChangesArePublishedOnceItIsBack(StackEndpoints stack)
      throws Exception {
    LocalStack postgresOnly =
        LocalStack.of(StackSettings.forTests(RepositoryHome.find())).only(List.of("postgres"));
    String run = UUID.randomUUID().toString().substring(0, 8);
    String before = "IT-PGOUT-A-" + run;
    String after = "IT-PGOUT-B-" + run;
    try (TopicReader<ProductionEvent> events =
            TopicReader.avro(stack, EVENTS, ProductionEvent.class);
        TopicReader<Route> routes = TopicReader.avro(stack, ROUTES, Route.class)) {
      // 1. Arrange: CDC streams from its slot; a positive control signature is stored.
      try (Connection db = connect(stack)) {
        awaitSlotActive(db);
        insertDraft(db, before);
        insertDraft(db, after);
      }
      UUID control = UUID.randomUUID();
      post(signingToken(), control).then().statusCode(202);
      assertThat(events.await(r -> r.value().getEventId().equals(control), 1, seconds(30)))
          .hasSize(1);

      // 2. A route released just before PostgreSQL stops (its publication may not be done yet).
      try (Connection db = connect(stack)) {
        release(db, before);
      }
      postgresOnly.stop(List.of("postgres"), Progress.printingTo(System.out));
      UUID signed = UUID.randomUUID();
      String token = signingToken();
      try {
        // 3. While it is down: 503 signing-ledger-unavailable within the bound; nothing stored.
        long asked = System.nanoTime();
        Response refused = post(token, signed);
        Duration answeredAfter = Duration.ofNanos(System.nanoTime() - asked);
        System.out.println(
            "503 while PostgreSQL is down after " + answeredAfter.toMillis() + " ms");
        refused
            .then()
            .statusCode(503)
            .contentType("application/problem+json")
            .body("type", equalTo("urn:serialtrace:problem:signing-ledger-unavailable"));
        assertThat(answeredAfter).isLessThan(ANSWER_BOUND);
        assertThat(events.drain(r -> r.value().getEventId().equals(signed), seconds(3))).isEmpty();
      } finally {
        postgresOnly.up(Progress.printingTo(System.out));
      }

      // 4. Back: the same event and token, retried as a station would until it is not 503 (pooled
      //    connections broken by the restart are dropped one failure at a time), gets 202.
      List<Integer> answers = new ArrayList<>();
      long deadline = System.nanoTime() + seconds(60).toNanos();
      int status = 0;
      while (status != 202 && System.nanoTime() < deadline) {
        status = post(token, signed).statusCode();
        answers.add(status);
        if (status != 202) {
          Thread.sleep(500);
        }
      }
      System.out.println("answers to the retries after PostgreSQL returned: " + answers);
      assertThat(answers).last().isEqualTo(202);
      assertThat(answers).allMatch(s -> s == 202 || s == 503);

      // 5. Exactly once on the topic: the retry that got 202, no copy from a 503.
      List<ConsumerRecord<String, ProductionEvent>> stored =
          events.await(r -> r.value().getEventId().equals(signed), 1, seconds(30));
      stored.addAll(events.drain(r -> r.value().getEventId().equals(signed), seconds(5)));
      assertThat(stored).hasSize(1);

      // 6. A route released once it is back; both releases published, neither lost.
      try (Connection db = connect(stack)) {
        release(db, after);
        List<ConsumerRecord<String, Route>> published =
            routes.await(r -> r.key().equals(before) || r.key().equals(after), 2, seconds(120));
        assertThat(published).extracting(ConsumerRecord::key).contains(before, after);
        deleteProduct(db, before);
        deleteProduct(db, after);
      }

      // 7. Liveness: route CDC streams again.
      given()
          .get("/q/health/live")
          .then()
          .statusCode(200)
          .body("checks.find { it.name == 'route-cdc' }.status", equalTo("UP"));
    } finally {
      postgresOnly.up(Progress.printingTo(System.out));
    }
  }

  private static Duration seconds(int n) {
    return Duration.ofSeconds(n);
  }

  private static Response post(String token, UUID eventId) {
    return Tokens.bearing(token)
        .contentType("application/json")
        .body(signature(eventId))
        .post("/v1/events");
  }

  private static String signature(UUID eventId) {
    return Events.event(
        eventId,
        "SN-PGOUT-1",
        "P1",
        "ST-040",
        SIGNER,
        "OPERATOR",
        "{\"type\":\"SignatureApplied\",\"stepId\":\"40-LEAK-TEST\",\"signerId\":\""
            + SIGNER
            + "\",\"signerName\":\""
            + PRINTED_NAME
            + "\",\"meaning\":\"APPROVED\",\"signerRole\":\"QUALITY_INSPECTOR\","
            + "\"signedRecordHash\":\""
            + "ab".repeat(32)
            + "\",\"authMethod\":\"SSO\"}");
  }

  /** A signing token re-authenticated now, valid for one signature. */
  private static String signingToken() {
    return Tokens.mint(
        TokenRequest.of(SIGNER, Set.of(Role.QUALITY), Set.of("P1"))
            .withPrintedName(PRINTED_NAME)
            .withLifetime(Duration.ofMinutes(5))
            .withAuthenticatedAt(Instant.now()));
  }

  private static Connection connect(StackEndpoints stack) throws Exception {
    return DriverManager.getConnection(
        stack.postgresJdbcUrl(), stack.postgresUser(), stack.postgresPassword());
  }

  private static void insertDraft(Connection db, String product) throws Exception {
    execute(db, "INSERT INTO mes.product (product_id, name) VALUES ('" + product + "', 'IT')");
    execute(
        db,
        "INSERT INTO mes.route_revision (product_id, revision, max_entry_lag_ms) VALUES ('"
            + product
            + "', 'A', 120000)");
    execute(
        db,
        "INSERT INTO mes.route_step (product_id, revision, step_id, sequence, name,"
            + " max_duration_ms) VALUES ('"
            + product
            + "', 'A', '10', 1, 'Only', 600000)");
  }

  private static void release(Connection db, String product) throws Exception {
    execute(
        db,
        "UPDATE mes.route_revision SET status = 'RELEASED', released_at = now()"
            + " WHERE product_id = '"
            + product
            + "'");
  }
}
