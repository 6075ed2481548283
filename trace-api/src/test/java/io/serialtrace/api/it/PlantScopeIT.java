package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Plant scoping: another plant's unit is the same 404 as an unknown serial (and a 200 for a token
 * of that plant); violations of other plants are not listed; a backward trace stops where the
 * genealogy crosses into another plant and only counts what lies beyond.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PlantScopeIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final Instant T0 = Instant.parse("2026-03-13T08:00:00Z");

  /** A finished unit of P2. */
  static final String FIN = "PS-FIN-" + RUN;

  /** A sub-assembly built in P1 (from CORE and a lot) and installed into FIN in P2. */
  static final String SUB = "PS-SUB-" + RUN;

  static final String CORE = "PS-CORE-" + RUN;
  static final String LOT = "PS-LOT-" + RUN;
  static final String VIOLATION = UUID.randomUUID().toString();

  @BeforeAll
  static void load(StackEndpoints stack) {
    TraceDatabase db = new TraceDatabase(stack, TraceDatabase.NAME);
    // 1. FIN in P2 with a record; SUB and CORE are P1 units.
    Rows.RecordBuilder record = new Rows.RecordBuilder(FIN, "P2");
    record.add("UnitStarted", null, "FA-100", "op9", T0, T0, "{\"product\": \"PUMP\"}");
    db.insert("unit_records", record.rows());
    db.insert(
        "units",
        List.of(
            Rows.unit(FIN, "P2", "PUMP", "IN_WORK", T0, record.head(), 1),
            Rows.unit(SUB, "P1", "MOTOR", "COMPLETED", T0, "", 0),
            Rows.unit(CORE, "P1", "CORE", "COMPLETED", T0, "", 0)));
    // 2. Links: SUB into FIN recorded in P2; CORE and the lot into SUB recorded in P1.
    List<Map<String, Object>> edges = new ArrayList<>();
    edges.add(Rows.edge(FIN, SUB, false, "MOTOR", "P2", T0, "INSTALLED"));
    edges.add(Rows.edge(SUB, CORE, false, "CORE", "P1", T0.minusSeconds(3600), "INSTALLED"));
    edges.add(Rows.edge(SUB, LOT, true, "WIRE", "P1", T0.minusSeconds(3600), "INSTALLED"));
    db.insert("genealogy_edges", edges);
    // 3. A violation of FIN, in P2.
    db.insert(
        "violations",
        List.of(
            Rows.violation(
                VIOLATION,
                FIN,
                "P2",
                "FA-100",
                "STEP_OUT_OF_ORDER",
                T0,
                null,
                null,
                null,
                null,
                null,
                null,
                null)));
  }

  @Test
  void unitOfAnotherPlantIsTheSame404AsAnUnknownSerial() {
    // 1. Positive control: a P2 token reads FIN, its record and its trace.
    Tokens.quality("P2").get("/v1/units/{serial}", FIN).then().statusCode(200);
    Tokens.quality("P2").get("/v1/units/{serial}/record", FIN).then().statusCode(200);
    Tokens.quality("P2").get("/v1/units/{serial}/genealogy", FIN).then().statusCode(200);
    // 2. A P1 token gets, for FIN, exactly what it gets for a serial that does not exist.
    String unknown = "PS-NOPE-" + RUN;
    for (String path : List.of("", "/record", "/genealogy")) {
      JsonPath hidden =
          Tokens.quality("P1")
              .get("/v1/units/{serial}" + path, FIN)
              .then()
              .statusCode(404)
              .contentType("application/problem+json")
              .extract()
              .jsonPath();
      JsonPath missing =
          Tokens.quality("P1")
              .get("/v1/units/{serial}" + path, unknown)
              .then()
              .statusCode(404)
              .contentType("application/problem+json")
              .extract()
              .jsonPath();
      // 3. Same body once the serial itself is swapped (it is echoed in detail and instance).
      assertThat(hidden.getMap("").toString().replace(FIN, "<serial>"))
          .as(path)
          .isEqualTo(missing.getMap("").toString().replace(unknown, "<serial>"));
    }
  }

  @Test
  void violationsOfOtherPlantsAreNotListed() {
    // 1. Positive control: P2 lists FIN's violation.
    Tokens.quality("P2")
        .get("/v1/violations?serial={s}", FIN)
        .then()
        .statusCode(200)
        .body("items.violationId", equalTo(List.of(VIOLATION)));
    // 2. P1 does not, even when asking for FIN by serial.
    Tokens.quality("P1")
        .get("/v1/violations?serial={s}", FIN)
        .then()
        .statusCode(200)
        .body("items", equalTo(List.of()));
    // 3. A plant filter outside the token's plants is refused, naming the parameter.
    Tokens.quality("P1")
        .get("/v1/violations?plant=P2")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("parameter", equalTo("plant"));
  }

  @Test
  void backwardTraceStopsAtThePlantBoundaryAndCountsWhatIsWithheld() {
    // 1. A P2 engineer walks down from FIN: SUB is shown (installed in P2), SUB's parts are not.
    JsonPath p2 =
        Tokens.quality("P2")
            .get("/v1/units/{serial}/genealogy?direction=down", FIN)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(p2.getList("edges.child", String.class)).containsExactly(SUB);
    assertThat(p2.getInt("withheld")).isEqualTo(2);
    assertThat(p2.getList("withheldAt", String.class)).containsExactly(SUB);
    assertThat(p2.prettify()).doesNotContain(CORE, LOT);
    // 2. Positive control: with the recall right, the same walk crosses into P1.
    JsonPath recall =
        Tokens.as("recall-" + RUN, Set.of(Role.QUALITY, Role.RECALL), Set.of("P2"))
            .get("/v1/units/{serial}/genealogy?direction=down", FIN)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(recall.getList("edges.child", String.class)).containsExactly(SUB, CORE, LOT);
    assertThat(recall.getInt("withheld")).isZero();
    // 3. A P1 engineer walking up from SUB does not learn which P2 unit consumed it.
    JsonPath up =
        Tokens.quality("P1")
            .get("/v1/units/{serial}/genealogy?direction=up", SUB)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(up.getList("edges")).isEmpty();
    assertThat(up.getInt("withheld")).isEqualTo(1);
    assertThat(up.prettify()).doesNotContain(FIN);
  }
}
