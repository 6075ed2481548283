package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A lot used in two P1 sub-assemblies that went into two P2 finished units: without the recall
 * right each plant sees only its own units of the scope (the others counted, not named); with it,
 * all four; a lot used only in another plant is a 404.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CrossPlantRecallIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final Instant T0 = Instant.parse("2026-03-14T08:00:00Z");
  static final String LOT = "XR-LOT-" + RUN;
  static final String P3_LOT = "XR-P3LOT-" + RUN;
  static final List<String> SUBS = List.of("XR-SUB-A-" + RUN, "XR-SUB-B-" + RUN);
  static final List<String> FINS = List.of("XR-FIN-A-" + RUN, "XR-FIN-B-" + RUN);
  static final String P3_UNIT = "XR-P3-" + RUN;

  @BeforeAll
  static void load(StackEndpoints stack) {
    TraceDatabase db = new TraceDatabase(stack, TraceDatabase.NAME);
    List<Map<String, Object>> edges = new ArrayList<>();
    List<Map<String, Object>> units = new ArrayList<>();
    // 1. The lot into each P1 sub-assembly (recorded in P1), each into a P2 unit (in P2).
    for (int i = 0; i < 2; i++) {
      edges.add(Rows.edge(SUBS.get(i), LOT, true, "RESIN", "P1", T0, "INSTALLED"));
      edges.add(
          Rows.edge(
              FINS.get(i), SUBS.get(i), false, "MOTOR", "P2", T0.plusSeconds(60), "INSTALLED"));
      units.add(Rows.unit(SUBS.get(i), "P1", "MOTOR", "COMPLETED", T0, "", 0));
      units.add(Rows.unit(FINS.get(i), "P2", "PUMP", "COMPLETED", T0, "", 0));
    }
    // 2. Another lot used only in P3.
    edges.add(Rows.edge(P3_UNIT, P3_LOT, true, "GLUE", "P3", T0, "INSTALLED"));
    units.add(Rows.unit(P3_UNIT, "P3", "VALVE", "COMPLETED", T0, "", 0));
    db.insert("genealogy_edges", edges);
    db.insert("units", units);
  }

  @Test
  void withoutRecallEachPlantSeesOnlyItsOwnUnitsOfTheScope() {
    // 1. P1: the two sub-assemblies; the P2 units only counted.
    JsonPath p1 = scope(Tokens.quality("P1"), LOT);
    assertThat(p1.getList("units.serial", String.class)).containsExactlyElementsOf(SUBS);
    assertThat(p1.getLong("withheldUnits")).isEqualTo(2);
    assertThat(p1.getMap("plants")).containsOnlyKeys("P1");
    assertThat(p1.prettify()).doesNotContain(FINS.get(0), FINS.get(1), "P2");
    // 2. P2: its two finished units, reached through P1's sub-assemblies (a recall must reach
    //    them), the sub-assemblies only counted.
    JsonPath p2 = scope(Tokens.quality("P2"), LOT);
    assertThat(p2.getList("units.serial", String.class)).containsExactlyElementsOf(FINS);
    assertThat(p2.getList("units.depth", Integer.class)).containsExactly(2, 2);
    assertThat(p2.getLong("withheldUnits")).isEqualTo(2);
    assertThat(p2.prettify()).doesNotContain(SUBS.get(0), SUBS.get(1));
    // 3. The CSV export is scoped the same way.
    String csv =
        Tokens.quality("P1")
            .get("/v1/lots/{lot}/where-used?format=csv", LOT)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(csv.lines().skip(2)).hasSize(2).noneMatch(l -> l.contains("P2"));
  }

  @Test
  void withRecallTheScopeCoversEveryPlant() {
    // 1. The recall right with only P1 in the claim: all four units, nothing withheld.
    JsonPath recall =
        scope(Tokens.as("recall-" + RUN, Set.of(Role.QUALITY, Role.RECALL), Set.of("P1")), LOT);
    assertThat(recall.getList("units.serial", String.class))
        .containsExactly(SUBS.get(0), SUBS.get(1), FINS.get(0), FINS.get(1));
    assertThat(recall.getLong("withheldUnits")).isZero();
    assertThat(recall.getMap("plants")).containsOnlyKeys("P1", "P2");
    // 2. An admin too, without any plants claim.
    assertThat(scope(Tokens.admin(), LOT).getList("units.serial", String.class)).hasSize(4);
  }

  @Test
  void lotUsedOnlyInAnotherPlantIsA404() {
    // 1. Positive control: P3 sees its lot's scope.
    assertThat(scope(Tokens.quality("P3"), P3_LOT).getList("units.serial", String.class))
        .containsExactly(P3_UNIT);
    // 2. P1 gets the 404 of an unknown lot.
    Tokens.quality("P1")
        .get("/v1/lots/{lot}/where-used", P3_LOT)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    Tokens.quality("P1")
        .get("/v1/lots/{lot}/where-used", "XR-NOPE-" + RUN)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  private static JsonPath scope(io.restassured.specification.RequestSpecification as, String lot) {
    return as.get("/v1/lots/{lot}/where-used", lot).then().statusCode(200).extract().jsonPath();
  }
}
