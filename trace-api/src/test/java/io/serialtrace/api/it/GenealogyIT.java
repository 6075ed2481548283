package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A 6-level genealogy built across two plants: the backward trace reaches every level, the depth
 * limit is flagged, the forward trace climbs to the finished unit, a removed component is shown but
 * not followed, and a cycle in bad data ends the walk.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GenealogyIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final Instant T0 = Instant.parse("2026-03-03T08:00:00Z");

  /** Level 0 is the finished unit in P1; levels 2-4 were built in plant P2; level 6 is a lot. */
  static final List<String> CHAIN =
      List.of(
          "FIN-" + RUN,
          "SUB1-" + RUN,
          "SUB2-" + RUN,
          "SUB3-" + RUN,
          "SUB4-" + RUN,
          "SUB5-" + RUN,
          "LOT-" + RUN);

  static final List<String> PLANTS = List.of("P1", "P1", "P2", "P2", "P2", "P1");

  @BeforeAll
  static void load(StackEndpoints stack) {
    TraceDatabase db = new TraceDatabase(stack, TraceDatabase.NAME);
    List<Map<String, Object>> edges = new ArrayList<>();
    // 1. The chain, each level also holding a screw lot.
    for (int level = 0; level < 6; level++) {
      boolean lot = level == 5;
      edges.add(
          Rows.edge(
              CHAIN.get(level),
              CHAIN.get(level + 1),
              lot,
              "PART-" + (level + 1),
              PLANTS.get(level),
              T0.plusSeconds(level),
              "INSTALLED"));
      edges.add(
          Rows.edge(
              CHAIN.get(level),
              "SCREWS-" + level + "-" + RUN,
              true,
              "SCREW",
              PLANTS.get(level),
              T0.plusSeconds(level),
              "INSTALLED"));
    }
    // 2. A motor installed in SUB1 and removed again.
    edges.add(Rows.edge(CHAIN.get(1), "OLDMOTOR-" + RUN, false, "MOTOR", "P1", T0, "INSTALLED"));
    edges.add(
        Rows.edge(
            CHAIN.get(1), "OLDMOTOR-" + RUN, false, "MOTOR", "P1", T0.plusSeconds(30), "REMOVED"));
    edges.add(
        Rows.edge("OLDMOTOR-" + RUN, "OLDROTOR-" + RUN, false, "ROTOR", "P1", T0, "INSTALLED"));
    // 3. Bad data: a cycle C1 -> C2 -> C1.
    edges.add(Rows.edge("C1-" + RUN, "C2-" + RUN, false, "X", "P1", T0, "INSTALLED"));
    edges.add(Rows.edge("C2-" + RUN, "C1-" + RUN, false, "X", "P1", T0, "INSTALLED"));
    db.insert("genealogy_edges", edges);
  }

  @Test
  void backwardTraceReachesAllSixLevelsAcrossBothPlants() {
    // 1. Walk down from the finished unit with room for every level.
    JsonPath trace =
        Tokens.quality("P1", "P2")
            .get("/v1/units/{serial}/genealogy?direction=down&depth=6", CHAIN.getFirst())
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    // 2. Six levels, nothing cut, every chain member at its depth, both plants present.
    assertThat(trace.getInt("levels")).isEqualTo(6);
    assertThat(trace.getBoolean("truncated")).isFalse();
    for (int level = 1; level <= 6; level++) {
      assertThat(trace.getList("edges.findAll { it.depth == " + level + " }.child", String.class))
          .contains(CHAIN.get(level));
    }
    assertThat(trace.getList("edges.plant", String.class)).contains("P1", "P2");
    // 3. The removed motor is listed as not installed, and its rotor is not followed.
    assertThat(trace.getBoolean("edges.find { it.child == 'OLDMOTOR-" + RUN + "' }.installed"))
        .isFalse();
    assertThat(trace.getList("edges.child", String.class)).doesNotContain("OLDROTOR-" + RUN);
  }

  @Test
  void depthLimitIsFlaggedWithTheNodesCutOff() {
    Tokens.quality("P1", "P2")
        .get("/v1/units/{serial}/genealogy?direction=down&depth=3", CHAIN.getFirst())
        .then()
        .statusCode(200)
        .body("levels", equalTo(3))
        .body("truncated", equalTo(true))
        .body("truncatedBy", equalTo("DEPTH_LIMIT"))
        .body("cutOff", equalTo(List.of(CHAIN.get(3))));
  }

  @Test
  void forwardTraceClimbsFromTheDeepestSubAssemblyToTheFinishedUnit() {
    JsonPath trace =
        Tokens.quality("P1", "P2")
            .get("/v1/units/{serial}/genealogy?direction=up", CHAIN.get(5))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(trace.getList("edges.parent", String.class))
        .containsExactly(CHAIN.get(4), CHAIN.get(3), CHAIN.get(2), CHAIN.get(1), CHAIN.get(0));
    assertThat(trace.getList("edges.depth", Integer.class)).containsExactly(1, 2, 3, 4, 5);
    assertThat(trace.getBoolean("truncated")).isFalse();
  }

  @Test
  void cycleInTheDataEndsTheWalkWithARevisit() {
    JsonPath trace =
        Tokens.quality("P1", "P2")
            .get("/v1/units/{serial}/genealogy?direction=down&depth=30", "C1-" + RUN)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(trace.getList("edges.child", String.class))
        .containsExactly("C2-" + RUN, "C1-" + RUN);
    assertThat(trace.getList("edges.revisit", Boolean.class)).containsExactly(false, true);
    assertThat(trace.getBoolean("truncated")).isFalse();
  }

  @Test
  void badParametersAre400NamingTheParameter() {
    Tokens.quality("P1", "P2")
        .get("/v1/units/{serial}/genealogy?direction=sideways", CHAIN.getFirst())
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("parameter", equalTo("direction"));
    Tokens.quality("P1", "P2")
        .get("/v1/units/{serial}/genealogy?depth=0", CHAIN.getFirst())
        .then()
        .statusCode(400)
        .body("parameter", equalTo("depth"));
    Tokens.quality("P1", "P2")
        .get("/v1/units/{serial}/genealogy?depth=many", CHAIN.getFirst())
        .then()
        .statusCode(400)
        .body("parameter", equalTo("depth"));
  }

  @Test
  void unknownSerialIs404() {
    Tokens.quality("P1", "P2")
        .get("/v1/units/{serial}/genealogy", "NOPE-" + RUN)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }
}
