package io.serialtrace.sink;

import static io.serialtrace.sink.ClickHouseAs.ACCESS_DENIED;
import static io.serialtrace.sink.ClickHouseAs.owner;
import static io.serialtrace.sink.ClickHouseAs.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import io.serialtrace.sink.schema.MigrationRunner;
import io.serialtrace.sink.schema.Migrations;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.clickhouse.ClickHouseAccess;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Analysts read what the design says they read (issue 16): the documented views, every row of them
 * for the analyst and only its plants' rows for the plant-scoped analyst, and never a raw table —
 * not the unit records (signer names, actor ids, payloads) nor trace-api's access log. The views
 * reach their tables with their definer's rights (migration V007); the grants and row policies come
 * from local-stack's {@link ClickHouseAccess}.
 */
@ExtendWith(LocalStackExtension.class)
class AnalystViewsIT {
  private static final String DATABASE = ClickHouseAccess.Names.DATABASE;
  private static final StackSettings SETTINGS = StackSettings.forTests(RepositoryHome.find());

  private String ownPlant;
  private String otherPlant;
  private String ownSerial;
  private String otherSerial;

  @BeforeEach
  void schemaAndTwoPlantsEdges(StackEndpoints stack) throws Exception {
    // 1. the real tables and views, as the sink's start creates them, as the owner
    try (Client client = SinkHarness.clickHouse(stack)) {
      new MigrationRunner(client, DATABASE).migrate(Migrations.shipped());
    }
    // 2. one genealogy edge in a plant of the plant-scoped analyst, one in a plant it may not see
    ownPlant =
        Arrays.stream(SETTINGS.get(StackSetting.CLICKHOUSE_PLANT_ANALYST_PLANTS).split(","))
            .map(String::strip)
            .findFirst()
            .orElseThrow();
    otherPlant = "NOT-" + ownPlant;
    String run = UUID.randomUUID().toString().substring(0, 8);
    ownSerial = "AV-" + run + "-OWN";
    otherSerial = "AV-" + run + "-OTHER";
    owner(stack, insertEdge(ownSerial, ownPlant));
    owner(stack, insertEdge(otherSerial, otherPlant));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void analystReadsEveryViewButNoRawTableNorTheAccessLog(StackEndpoints stack) throws Exception {
    String user = SETTINGS.get(StackSetting.CLICKHOUSE_ANALYST_USER);
    String password = SETTINGS.get(StackSetting.CLICKHOUSE_ANALYST_PASSWORD);
    // 1. positive control: every documented view answers, and the edges of both plants show
    for (String view : ClickHouseAccess.Names.ANALYST_VIEWS) {
      ClickHouseAs.Answer answer = run(stack, user, password, "SELECT count() FROM " + view);
      assertThat(answer.ok()).as("%s: %s", view, answer.body()).isTrue();
    }
    assertThat(edgePlants(stack, user, password)).containsExactlyInAnyOrder(ownPlant, otherPlant);

    // 2. the raw records and the access log are refused by name
    for (String table : List.of("unit_records", "record_access")) {
      assertThat(run(stack, user, password, "SELECT * FROM " + DATABASE + "." + table).body())
          .as(table)
          .contains(ACCESS_DENIED);
    }
    // 3. and so is every other table and view of the database (genealogy_links, V008, is the
    //    services' own view); its analyst views (v_*) are exactly the documented ones
    List<String> views = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    owner(
            stack,
            "SELECT engine = 'View' AND startsWith(name, 'v_'), database || '.' || name"
                + " FROM system.tables WHERE database = '"
                + DATABASE
                + "' FORMAT TSV")
        .lines()
        .map(line -> line.split("\t"))
        .forEach(row -> (row[0].equals("1") ? views : tables).add(row[1]));
    assertThat(views).containsExactlyInAnyOrderElementsOf(ClickHouseAccess.Names.ANALYST_VIEWS);
    assertThat(tables).contains(DATABASE + ".unit_records", DATABASE + ".record_access");
    for (String table : tables) {
      assertThat(run(stack, user, password, "SELECT 1 FROM " + table).body())
          .as(table)
          .contains(ACCESS_DENIED);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void plantScopedAnalystSeesOnlyItsPlantsRowsInTheViews(StackEndpoints stack) throws Exception {
    String user = SETTINGS.get(StackSetting.CLICKHOUSE_PLANT_ANALYST_USER);
    String password = SETTINGS.get(StackSetting.CLICKHOUSE_PLANT_ANALYST_PASSWORD);
    // 1. positive control: the owner sees both plants' edges through the same view
    assertThat(edgePlants(stack, stack.clickhouseUser(), stack.clickhousePassword()))
        .containsExactlyInAnyOrder(ownPlant, otherPlant);

    // 2. the plant-scoped analyst sees only its plant's edge
    assertThat(edgePlants(stack, user, password)).containsExactly(ownPlant);
    // 3. every view answers it, with no row of another plant
    for (String view : ClickHouseAccess.Names.ANALYST_VIEWS) {
      ClickHouseAs.Answer answer =
          run(
              stack,
              user,
              password,
              "SELECT count() FROM " + view + " WHERE plant != '" + ownPlant + "'");
      assertThat(answer.body().strip()).as("%s: %s", view, answer.body()).isEqualTo("0");
    }
    // 4. the raw tables stay refused: a row policy narrows the views, it grants nothing more
    assertThat(run(stack, user, password, "SELECT 1 FROM " + DATABASE + ".unit_records").body())
        .contains(ACCESS_DENIED);
    assertThat(run(stack, user, password, "SELECT 1 FROM " + DATABASE + ".genealogy_edges").body())
        .contains(ACCESS_DENIED);
  }

  private List<String> edgePlants(StackEndpoints stack, String user, String password)
      throws Exception {
    ClickHouseAs.Answer answer =
        run(
            stack,
            user,
            password,
            "SELECT plant FROM "
                + DATABASE
                + ".v_unit_genealogy_edges WHERE parent_serial IN ('"
                + ownSerial
                + "', '"
                + otherSerial
                + "') FORMAT TSV");
    assertThat(answer.ok()).as(answer.body()).isTrue();
    return answer.body().lines().toList();
  }

  private static String insertEdge(String parent, String plant) {
    return "INSERT INTO "
        + DATABASE
        + ".genealogy_edges (parent_serial, child, child_kind, child_serial, edge_type, part, qty,"
        + " step_id, plant, event_id, event_time, kafka_partition, kafka_offset) VALUES ('"
        + parent
        + "', '"
        + parent
        + "-C', 'SERIAL', '"
        + parent
        + "-C', 'INSTALLED', 'PCB', 1, 'S10', '"
        + plant
        + "', generateUUIDv4(), now64(6), 0, 0)";
  }
}
