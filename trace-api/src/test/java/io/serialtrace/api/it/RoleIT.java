package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
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
 * Roles: a device token reads nothing (403 naming the roles needed), an operator sees a unit's
 * state but not its record; each beside the same request succeeding for a role that may.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RoleIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String UNIT = "ROLE-" + RUN;
  static final Instant T0 = Instant.parse("2026-03-12T09:00:00Z");

  @BeforeAll
  static void load(StackEndpoints stack) {
    TraceDatabase db = new TraceDatabase(stack, TraceDatabase.NAME);
    db.insert("units", List.of(Rows.unit(UNIT, "P1", "PUMP", "IN_WORK", T0, "", 0)));
  }

  @Test
  void deviceTokenIs403OnEveryEndpointNamingTheRolesNeeded() {
    // 1. Positive control: quality reads the unit.
    Tokens.quality("P1").get("/v1/units/{serial}", UNIT).then().statusCode(200);
    // 2. A device of the same plant reads nothing.
    String device = Tokens.token("torque-tool-" + RUN, Set.of(Role.DEVICE), Set.of("P1"));
    for (String endpoint :
        List.of(
            "/v1/units/" + UNIT,
            "/v1/units/" + UNIT + "/record",
            "/v1/units/" + UNIT + "/genealogy",
            "/v1/lots/LOT-" + RUN + "/where-used",
            "/v1/components/" + UNIT + "/where-used",
            "/v1/violations",
            "/v1/violations/stream",
            "/v1/stations/ST-1/contemporaneity",
            "/v1/access-log?target=" + UNIT)) {
      List<String> needed =
          Tokens.bearer(device)
              .get(endpoint)
              .then()
              .statusCode(403)
              .contentType("application/problem+json")
              .body("status", equalTo(403))
              .extract()
              .jsonPath()
              .getList("rolesNeeded", String.class);
      assertThat(needed).as(endpoint).isNotEmpty().doesNotContain("device");
    }
  }

  @Test
  void operatorSeesTheUnitStateButNotItsRecord() {
    String operator = Tokens.token("op-" + RUN, Set.of(Role.OPERATOR), Set.of("P1"));
    // 1. The state: allowed.
    Tokens.bearer(operator).get("/v1/units/{serial}", UNIT).then().statusCode(200);
    // 2. The full record: quality, auditor, admin only.
    Tokens.bearer(operator)
        .get("/v1/units/{serial}/record", UNIT)
        .then()
        .statusCode(403)
        .body("rolesNeeded", hasItems("quality", "auditor", "admin"));
    // 3. Positive control: quality reads the record.
    Tokens.quality("P1").get("/v1/units/{serial}/record", UNIT).then().statusCode(200);
  }

  @Test
  void accessLogIsForAuditorsOnly() {
    // 1. Positive control: an auditor reads it.
    Tokens.auditor("P1").get("/v1/access-log?target={t}", UNIT).then().statusCode(200);
    // 2. Quality may read records but not who read them.
    Tokens.quality("P1")
        .get("/v1/access-log?target={t}", UNIT)
        .then()
        .statusCode(403)
        .body("rolesNeeded", equalTo(List.of("auditor", "admin")));
  }
}
