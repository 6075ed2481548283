package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A {@code plant} filter naming a plant outside the caller's claim is refused with 403, and every
 * such refusal is in the access log like any other refusal: who asked which endpoint for which
 * plant, FORBIDDEN, 403, with the response's request id; the refused plant's auditors read it back.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ForeignPlantRefusalIsAuditedIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String USER = "prober-" + RUN;

  static TraceDatabase db;

  @BeforeAll
  static void connect(StackEndpoints stack) {
    db = new TraceDatabase(stack, TraceDatabase.NAME);
  }

  @Test
  void everyForeignPlantFilterRefusalLeavesAnAccessLogRow() {
    // 1. A P1 quality engineer asks four endpoints for plant P2: each is 403 naming `plant`.
    List<String> paths =
        List.of(
            "/v1/violations?plant=P2",
            "/v1/violations/stream?plant=P2",
            "/v1/stations/ST-010/contemporaneity?plant=P2",
            "/v1/lots/LOT-" + RUN + "/where-used?plant=P2");
    List<String> requestIds = new ArrayList<>();
    for (String path : paths) {
      requestIds.add(
          Tokens.as(USER, Set.of(Role.QUALITY), Set.of("P1"))
              .get(path)
              .then()
              .statusCode(403)
              .contentType("application/problem+json")
              .body("parameter", org.hamcrest.Matchers.equalTo("plant"))
              .extract()
              .header("X-Request-Id"));
    }

    // 2. Each refusal is in the access log, there when the answer is: endpoint, the plant asked
    //    for, FORBIDDEN with 403, the request id of the answer.
    List<JsonNode> rows = rows("subject = '" + USER + "'");
    assertThat(rows).extracting(r -> r.get("request_id").asText()).hasSameElementsAs(requestIds);
    assertThat(rows)
        .extracting(r -> r.get("action").asText())
        .containsExactlyInAnyOrder(
            "GET /v1/violations",
            "GET /v1/violations/stream",
            "GET /v1/stations/{station}/contemporaneity",
            "GET /v1/lots/{lotId}/where-used");
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(r.get("target_kind").asText()).isEqualTo("PLANT");
              assertThat(r.get("target").asText()).isEqualTo("P2");
              assertThat(r.get("target_plant").asText()).isEqualTo("P2");
              assertThat(r.get("outcome").asText()).isEqualTo("FORBIDDEN");
              assertThat(r.get("http_status").asInt()).isEqualTo(403);
              assertThat(r.get("plants").toString()).isEqualTo("[\"P1\"]");
            });

    // 3. An auditor of the plant that was asked for finds the attempts by subject.
    assertThat(
            Tokens.auditor("P2")
                .get("/v1/access-log?subject={s}", USER)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.outcome", String.class))
        .hasSize(4)
        .containsOnly("FORBIDDEN");
  }

  @Test
  void aFilterNamingTheCallersOwnPlantIsNotARefusal() {
    // Positive control: the same filter for the caller's own plant is answered and leaves no row.
    String user = "own-" + RUN;
    Tokens.as(user, Set.of(Role.QUALITY), Set.of("P1"))
        .get("/v1/violations?plant=P1")
        .then()
        .statusCode(200);
    assertThat(rows("subject = '" + user + "'")).isEmpty();
  }

  private static List<JsonNode> rows(String where) {
    return db.rows("record_access", where, "accessed_at");
  }
}
