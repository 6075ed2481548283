package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The access audit: each read of a unit's record leaves a row in record_access — already there when
 * the answer arrives, so the test reads it without waiting — with subject, printed name, roles,
 * plants, serial, outcome and the response's request id; a 404, another plant's unit and a role
 * refusal leave their outcome rows too; auditors read them back through /v1/access-log.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AccessAuditIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String UNIT = "AUD-" + RUN;
  static final String OTHER_PLANT_UNIT = "AUD-P2-" + RUN;
  static final String USER = "reader-" + RUN;
  static final Instant T0 = Instant.parse("2026-03-15T08:00:00Z");

  static TraceDatabase db;

  @BeforeAll
  static void load(StackEndpoints stack) {
    db = new TraceDatabase(stack, TraceDatabase.NAME);
    db.insert(
        "units",
        List.of(
            Rows.unit(UNIT, "P1", "PUMP", "IN_WORK", T0, "", 0),
            Rows.unit(OTHER_PLANT_UNIT, "P2", "PUMP", "IN_WORK", T0, "", 0)));
  }

  @Test
  void readingARecordLeavesARowWithSubjectSerialAndRequestId() throws Exception {
    // 1. A quality engineer of P1 reads the unit's record.
    String requestId =
        Tokens.as(USER, Set.of(Role.QUALITY), Set.of("P1"))
            .get("/v1/units/{serial}/record", UNIT)
            .then()
            .statusCode(200)
            .extract()
            .header("X-Request-Id");
    // 2. The row is there the moment the answer is (acknowledged before the response).
    List<JsonNode> rows = rows("target = '" + UNIT + "' AND subject = '" + USER + "'");
    assertThat(rows).hasSize(1);
    JsonNode row = rows.getFirst();
    assertThat(row.get("printed_name").asText()).isEqualTo("IT " + USER);
    assertThat(row.get("roles").toString()).isEqualTo("[\"quality\"]");
    assertThat(row.get("plants").toString()).isEqualTo("[\"P1\"]");
    assertThat(row.get("action").asText()).isEqualTo("GET /v1/units/{serial}/record");
    assertThat(row.get("target_kind").asText()).isEqualTo("UNIT");
    assertThat(row.get("target_plant").asText()).isEqualTo("P1");
    assertThat(row.get("outcome").asText()).isEqualTo("FOUND");
    assertThat(row.get("http_status").asInt()).isEqualTo(200);
    assertThat(row.get("request_id").asText()).isEqualTo(requestId);
    assertThat(row.get("client_address").asText()).isNotBlank();
    assertThat(row.get("token_id").asText()).isNotBlank();
  }

  @Test
  void notFoundOtherPlantAndRefusedReadsLeaveOutcomeRows() throws Exception {
    String user = "prober-" + RUN;
    String unknown = "AUD-NOPE-" + RUN;
    // 1. An unknown serial, another plant's unit (both 404), and a device refused (403).
    Tokens.as(user, Set.of(Role.QUALITY), Set.of("P1"))
        .get("/v1/units/{serial}/record", unknown)
        .then()
        .statusCode(404);
    Tokens.as(user, Set.of(Role.QUALITY), Set.of("P1"))
        .get("/v1/units/{serial}/record", OTHER_PLANT_UNIT)
        .then()
        .statusCode(404);
    Tokens.as(user, Set.of(Role.DEVICE), Set.of("P1"))
        .get("/v1/units/{serial}/record", UNIT)
        .then()
        .statusCode(403);
    // 2. Each left its row: what was asked, and what the caller got.
    assertThat(rows("target = '" + unknown + "'"))
        .singleElement()
        .satisfies(r -> assertOutcome(r, user, "NOT_FOUND", 404, ""));
    assertThat(rows("target = '" + OTHER_PLANT_UNIT + "'"))
        .singleElement()
        .satisfies(r -> assertOutcome(r, user, "FORBIDDEN", 404, "P2"));
    assertThat(rows("target = '" + UNIT + "' AND subject = '" + user + "'"))
        .singleElement()
        .satisfies(r -> assertOutcome(r, user, "FORBIDDEN", 403, ""));
  }

  @Test
  void auditorsReadTheLogByTargetAndBySubjectWithinTheirPlants() {
    String user = "traced-" + RUN;
    // 1. Two reads by one user: the unit and its trace.
    Tokens.as(user, Set.of(Role.QUALITY), Set.of("P1"))
        .get("/v1/units/{serial}", UNIT)
        .then()
        .statusCode(200);
    Tokens.as(user, Set.of(Role.QUALITY), Set.of("P1"))
        .get("/v1/units/{serial}/genealogy", UNIT)
        .then()
        .statusCode(200);
    // 2. A P1 auditor finds both by subject, newest first, and pages through them.
    JsonPath first =
        Tokens.auditor("P1")
            .get("/v1/access-log?subject={s}&limit=1", user)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(first.getList("items.action", String.class))
        .containsExactly("GET /v1/units/{serial}/genealogy?direction=down");
    JsonPath second =
        Tokens.auditor("P1")
            .get(
                "/v1/access-log?subject={s}&limit=1&cursor={c}",
                user,
                first.getString("nextCursor"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(second.getList("items.action", String.class))
        .containsExactly("GET /v1/units/{serial}");
    assertThat(second.getString("items[0].outcome")).isEqualTo("FOUND");
    // 3. By target, the same auditor sees this user among the unit's readers.
    assertThat(
            Tokens.auditor("P1")
                .get("/v1/access-log?target={t}", UNIT)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.subject", String.class))
        .contains(user);
    // 4. An auditor of P3 sees none of it.
    Tokens.auditor("P3")
        .get("/v1/access-log?subject={s}", user)
        .then()
        .statusCode(200)
        .body("items", org.hamcrest.Matchers.empty());
  }

  private static void assertOutcome(
      JsonNode row, String subject, String outcome, int status, String plant) {
    assertThat(row.get("subject").asText()).isEqualTo(subject);
    assertThat(row.get("outcome").asText()).isEqualTo(outcome);
    assertThat(row.get("http_status").asInt()).isEqualTo(status);
    assertThat(row.get("target_plant").asText()).isEqualTo(plant);
  }

  private static List<JsonNode> rows(String where) {
    return db.rows("record_access", where, "accessed_at");
  }
}
