package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Recall scope of a lot used in 10,000 units (100 of them then built into 10 top-level units in a
 * second plant): split by state, paginated, filtered, exported as CSV; a component's scope; 404 and
 * 400.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WhereUsedIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String LOT = "LOT-" + RUN;

  @BeforeAll
  static void load(StackEndpoints stack) {
    TraceDatabase db = new TraceDatabase(stack, TraceDatabase.NAME);
    String d = TraceDatabase.NAME;
    String w = "concat('W-" + RUN + "-', toString(number))";
    // 1. The lot in 10,000 units of plant P1: every 10th completed, every 10th+1 on hold.
    db.execute(
        "INSERT INTO "
            + d
            + ".genealogy_edges (parent_serial, child, child_kind,"
            + " child_serial, lot_id, edge_type, part, qty, step_id, plant, event_id, event_time,"
            + " kafka_partition, kafka_offset) SELECT "
            + w
            + ", '"
            + LOT
            + "', 'LOT', NULL, '"
            + LOT
            + "', 'INSTALLED', 'RESIN', 1, 'mold', 'P1', generateUUIDv4(number),"
            + " toDateTime64('2026-03-04 08:00:00', 6, 'UTC') + number, 0, number"
            + " FROM numbers(10000) SETTINGS async_insert = 0");
    db.execute(
        "INSERT INTO "
            + d
            + ".units (serial, plant, product, work_order, route_revision,"
            + " status, status_at, record_head, record_count, violation_count, version, kafka_topic,"
            + " kafka_partition, kafka_offset) SELECT "
            + w
            + ", 'P1', 'HOUSING', 'WO-H', 'A',"
            + " if(number % 10 = 0, 'COMPLETED', 'IN_WORK'), toDateTime64('2026-03-04 09:00:00', 6,"
            + " 'UTC'), '', 1, 0, if(number % 10 = 0, 3, 2), 't', 0, number FROM numbers(10000)"
            + " SETTINGS async_insert = 0");
    db.execute(
        "INSERT INTO "
            + d
            + ".violations (plant, detected_at, violation_id, serial,"
            + " station, code, severity, detail, status, version, kafka_partition, kafka_offset)"
            + " SELECT 'P1', toDateTime64('2026-03-04 08:30:00', 6, 'UTC'), generateUUIDv4(number), "
            + w
            + ", 'ST-1', 'TOLERANCE_BREACH', 'MAJOR', 'breach', 'OPEN', 0, 0, number"
            + " FROM numbers(10000) WHERE number % 10 = 1 SETTINGS async_insert = 0");
    // 2. Units 0..99 built into 10 top-level units in plant P2 (completed there).
    db.execute(
        "INSERT INTO "
            + d
            + ".genealogy_edges (parent_serial, child, child_kind,"
            + " child_serial, lot_id, edge_type, part, qty, step_id, plant, event_id, event_time,"
            + " kafka_partition, kafka_offset) SELECT concat('TOP-"
            + RUN
            + "-', toString(number % 10)),"
            + " "
            + w
            + ", 'SERIAL', "
            + w
            + ", NULL, 'INSTALLED', 'HOUSING', 1, 'final', 'P2',"
            + " generateUUIDv4(number), toDateTime64('2026-03-05 08:00:00', 6, 'UTC'), 0, number"
            + " FROM numbers(100) SETTINGS async_insert = 0");
    db.execute(
        "INSERT INTO "
            + d
            + ".units (serial, plant, product, work_order, route_revision,"
            + " status, status_at, record_head, record_count, violation_count, version, kafka_topic,"
            + " kafka_partition, kafka_offset) SELECT concat('TOP-"
            + RUN
            + "-', toString(number)),"
            + " 'P2', 'SYSTEM', 'WO-S', 'A', 'COMPLETED', toDateTime64('2026-03-05 09:00:00', 6,"
            + " 'UTC'), '', 1, 0, 3, 't', 0, number FROM numbers(10) SETTINGS async_insert = 0");
    // 3. A serialized component in unit W-5.
    db.insert(
        "genealogy_edges",
        List.of(
            Rows.edge(
                "W-" + RUN + "-5",
                "CMP-" + RUN,
                false,
                "SENSOR",
                "P1",
                java.time.Instant.parse("2026-03-04T08:10:00Z"),
                "INSTALLED")));
  }

  @Test
  void lotScopeCountsEveryUnitByStateAndPlant() {
    JsonPath scope =
        Tokens.quality("P1", "P2")
            .get("/v1/lots/{lot}/where-used?limit=500", LOT)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(scope.getLong("total")).isEqualTo(10_010);
    assertThat(scope.getLong("counts.COMPLETED")).isEqualTo(1_010);
    assertThat(scope.getLong("counts.ON_HOLD")).isEqualTo(1_000);
    assertThat(scope.getLong("counts.IN_WORK")).isEqualTo(8_000);
    assertThat(scope.getLong("plants.P1")).isEqualTo(10_000);
    assertThat(scope.getLong("plants.P2")).isEqualTo(10);
    assertThat(scope.getInt("levels")).isEqualTo(2);
    assertThat(scope.getBoolean("truncated")).isFalse();
    // The first page: 500 of 10,010, depth 1 first.
    assertThat(scope.getList("units")).hasSize(500);
    assertThat(scope.getInt("nextOffset")).isEqualTo(500);
    assertThat(scope.getInt("units[0].depth")).isEqualTo(1);
  }

  @Test
  void filtersAndPagesWalkTheWholeScope() {
    // 1. On-hold units only, two pages of 600.
    JsonPath first =
        Tokens.quality("P1", "P2")
            .get("/v1/lots/{lot}/where-used?state=on_hold&limit=600", LOT)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(first.getLong("matching")).isEqualTo(1_000);
    JsonPath second =
        Tokens.quality("P1", "P2")
            .get("/v1/lots/{lot}/where-used?state=ON_HOLD&limit=600&offset=600", LOT)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(second.getList("units")).hasSize(400);
    assertThat(second.get("nextOffset") == null).isTrue();
    assertThat(second.getList("units.openViolations", Integer.class)).containsOnly(1);
    // 2. Plant P2: the ten top-level units at depth 2.
    Tokens.quality("P1", "P2")
        .get("/v1/lots/{lot}/where-used?plant=P2", LOT)
        .then()
        .statusCode(200)
        .body("matching", equalTo(10))
        .body("units.depth", equalTo(java.util.Collections.nCopies(10, 2)));
  }

  @Test
  void csvExportHasEveryUnitOfTheScope() {
    // 1. ?format=csv and Accept: text/csv give the same export.
    String csv =
        Tokens.quality("P1", "P2")
            .get("/v1/lots/{lot}/where-used?format=csv", LOT)
            .then()
            .statusCode(200)
            .contentType("text/csv")
            .extract()
            .asString();
    String accepted =
        Tokens.quality("P1", "P2")
            .accept("text/csv")
            .get("/v1/lots/{lot}/where-used", LOT)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    // 2. The withheld count (none: both plants are the caller's), a header and 10,010 rows.
    List<String> lines = csv.lines().toList();
    assertThat(lines.getFirst()).startsWith("# withheld_units=0");
    assertThat(lines.get(1)).startsWith("serial,depth,state");
    assertThat(lines).hasSize(10_012);
    assertThat(accepted.lines().count()).isEqualTo(10_012);
    assertThat(csv).contains("W-" + RUN + "-1,1,ON_HOLD,IN_WORK,P1,HOUSING,WO-H,1");
  }

  @Test
  void componentScopeClimbsAcrossPlants() {
    JsonPath scope =
        Tokens.quality("P1", "P2")
            .get("/v1/components/{serial}/where-used", "CMP-" + RUN)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(scope.getList("units.serial", String.class))
        .containsExactly("W-" + RUN + "-5", "TOP-" + RUN + "-5");
    assertThat(scope.getList("units.plant", String.class)).containsExactly("P1", "P2");
  }

  @Test
  void unknownLotIs404AndBadStateIs400() {
    Tokens.quality("P1", "P2")
        .get("/v1/lots/{lot}/where-used", "NOPE-" + RUN)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("title", equalTo("Unknown lot"));
    Tokens.quality("P1", "P2")
        .get("/v1/lots/{lot}/where-used?state=lost", LOT)
        .then()
        .statusCode(400)
        .body("parameter", equalTo("state"));
    Tokens.quality("P1", "P2")
        .get("/v1/lots/{lot}/where-used?format=xml", LOT)
        .then()
        .statusCode(400)
        .body("parameter", equalTo("format"));
  }
}
