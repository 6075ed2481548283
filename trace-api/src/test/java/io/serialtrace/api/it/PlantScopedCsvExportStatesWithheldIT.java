package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.specification.RequestSpecification;
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
 * A recall scope exported as CSV by a caller who sees only some plants says how many units it
 * withheld, as the JSON answer does: a comment line before the header row. A caller with the recall
 * right gets every unit and a count of zero.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PlantScopedCsvExportStatesWithheldIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final Instant T0 = Instant.parse("2026-03-16T08:00:00Z");
  static final String LOT = "CSV-LOT-" + RUN;
  static final String HEADER =
      "serial,depth,state,stored_status,plant,product,work_order,open_violations";

  @BeforeAll
  static void load(StackEndpoints stack) {
    TraceDatabase db = new TraceDatabase(stack, TraceDatabase.NAME);
    // The lot in three P1 sub-assemblies, each installed into a P2 unit: 3 + 3 units in scope.
    List<Map<String, Object>> edges = new ArrayList<>();
    List<Map<String, Object>> units = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String sub = "CSV-SUB-" + i + "-" + RUN;
      String fin = "CSV-FIN-" + i + "-" + RUN;
      edges.add(Rows.edge(sub, LOT, true, "RESIN", "P1", T0, "INSTALLED"));
      edges.add(Rows.edge(fin, sub, false, "MOTOR", "P2", T0.plusSeconds(60), "INSTALLED"));
      units.add(Rows.unit(sub, "P1", "MOTOR", "COMPLETED", T0, "", 0));
      units.add(Rows.unit(fin, "P2", "PUMP", "COMPLETED", T0, "", 0));
    }
    db.insert("genealogy_edges", edges);
    db.insert("units", units);
  }

  @Test
  void aPlantScopedExportStatesHowManyUnitsItWithheld() {
    // 1. P1's export: the line before the header counts the three P2 units it leaves out.
    List<String> lines = csv(Tokens.quality("P1"));
    assertThat(lines.getFirst()).startsWith("# withheld_units=3");
    assertThat(lines.get(1)).isEqualTo(HEADER);
    assertThat(lines.subList(2, lines.size())).hasSize(3).allMatch(l -> l.contains(",P1,"));
    // 2. The JSON answer of the same scope agrees.
    assertThat(
            Tokens.quality("P1")
                .get("/v1/lots/{lot}/where-used", LOT)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("withheldUnits"))
        .isEqualTo(3);
  }

  @Test
  void anExportWithTheRecallRightWithholdsNothingAndSaysSo() {
    List<String> lines =
        csv(Tokens.as("recall-" + RUN, Set.of(Role.QUALITY, Role.RECALL), Set.of("P1")));
    assertThat(lines.getFirst()).startsWith("# withheld_units=0");
    assertThat(lines.get(1)).isEqualTo(HEADER);
    assertThat(lines.subList(2, lines.size())).hasSize(6);
  }

  private static List<String> csv(RequestSpecification as) {
    return as.get("/v1/lots/{lot}/where-used?format=csv", LOT)
        .then()
        .statusCode(200)
        .contentType("text/csv")
        .extract()
        .asString()
        .lines()
        .toList();
  }
}
