package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.specification.RequestSpecification;
import io.serialtrace.api.genealogy.Direction;
import io.serialtrace.api.genealogy.Edge;
import io.serialtrace.api.genealogy.EdgeSource;
import io.serialtrace.api.genealogy.GenealogyStore;
import io.serialtrace.api.genealogy.GenealogyView;
import io.serialtrace.api.genealogy.GenealogyWalk;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 19: the genealogy endpoints answer from the closure exactly as the level-by-level walk
 * (GenealogyWalk over GenealogyStore's per-level query, run here against the same ClickHouse) does,
 * over random genealogies across two plants with removals, re-installation elsewhere, lots in many
 * units and a cycle: every field of the trace (levels, nodes, truncation, cut-off, withheld links,
 * each edge with its depth and revisit flag) for an admin and for a one-plant caller, and the
 * recall scope's units with their depths.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClosureMatchesLevelWalkIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final Instant T0 = Instant.parse("2026-04-01T08:00:00Z");
  static final int UNITS = 40;
  static final int LOTS = 5;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_NODES = 500_000;

  static TraceDatabase db;
  static final List<String> nodes = new ArrayList<>();
  static final List<String> lots = new ArrayList<>();

  @BeforeAll
  static void load(StackEndpoints stack) {
    db = new TraceDatabase(stack, TraceDatabase.NAME);
    SplittableRandom random = new SplittableRandom(19);
    Map<List<String>, Boolean> installed = new LinkedHashMap<>();
    List<Map<String, Object>> edges = new ArrayList<>();
    long second = 0;
    // 1. Random installs (units into units with a higher index, lots into units), removals, and
    //    re-installation of a removed component elsewhere, in two plants.
    for (int i = 0; i < 220; i++) {
      int kind = random.nextInt(10);
      List<List<String>> current =
          installed.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
      if (kind < 2 && !current.isEmpty()) {
        List<String> link = current.get(random.nextInt(current.size()));
        installed.put(link, false);
        edges.add(edge(link.get(0), link.get(1), random, T0.plusSeconds(second++), "REMOVED"));
        if (random.nextBoolean()) {
          String parent = unit(random.nextInt(UNITS));
          installed.put(List.of(parent, link.get(1)), true);
          edges.add(edge(parent, link.get(1), random, T0.plusSeconds(second++), "INSTALLED"));
        }
      } else if (kind < 4) {
        String parent = unit(random.nextInt(UNITS));
        String lot = lot(random.nextInt(LOTS));
        installed.put(List.of(parent, lot), true);
        edges.add(edge(parent, lot, random, T0.plusSeconds(second++), "INSTALLED"));
      } else {
        int a = random.nextInt(UNITS);
        int b = random.nextInt(UNITS);
        if (a != b) {
          String parent = unit(Math.min(a, b));
          String child = unit(Math.max(a, b));
          installed.put(List.of(parent, child), true);
          edges.add(edge(parent, child, random, T0.plusSeconds(second++), "INSTALLED"));
        }
      }
    }
    // 2. Bad data: a cycle through three units.
    for (int i = 0; i < 3; i++) {
      edges.add(
          edge(
              "CY" + i + "-" + RUN,
              "CY" + (i + 1) % 3 + "-" + RUN,
              random,
              T0.plusSeconds(second++),
              "INSTALLED"));
    }
    // 3. In two loads, each followed by the closure rebuild (TraceDatabase.insert).
    db.insert("genealogy_edges", edges.subList(0, edges.size() / 2));
    db.insert("genealogy_edges", edges.subList(edges.size() / 2, edges.size()));
    for (int i = 0; i < UNITS; i++) {
      nodes.add(unit(i));
    }
    for (int i = 0; i < LOTS; i++) {
      lots.add(lot(i));
    }
    nodes.addAll(List.of("CY0-" + RUN, "CY1-" + RUN, "CY2-" + RUN));
  }

  @Test
  void everyTraceAnswersAsTheLevelByLevelWalk() throws IOException {
    EdgeSource levels = new LevelByLevel();
    for (String root : roots()) {
      for (Direction direction : Direction.values()) {
        if (lots.contains(root) && direction == Direction.DOWN) {
          continue;
        }
        // 1. An admin sees every link, with the depth limit cutting the walk or not.
        compare(levels, root, direction, 1, Tokens.admin(), edge -> true, true);
        compare(levels, root, direction, 30, Tokens.admin(), edge -> true, true);
        // 2. A P1 caller has the links recorded in P2 withheld.
        compare(
            levels,
            root,
            direction,
            30,
            Tokens.quality("P1"),
            edge -> edge.plant().equals("P1"),
            false);
      }
    }
  }

  @Test
  void anUpgradedDatabaseIsTracedFromTheEdgesUntilItsClosureIsRebuilt() throws Exception {
    // 1. As V008 leaves a database that held edges before it: links without closure rows, and the
    //    closure's state saying so.
    String top = "UPG-A-" + RUN;
    String middle = "UPG-B-" + RUN;
    SplittableRandom random = new SplittableRandom(8);
    db.insertEdgesWrittenBeforeTheClosure(
        List.of(
            edge(top, middle, random, T0.plusSeconds(90_000), "INSTALLED"),
            edge(middle, "UPG-C-" + RUN, random, T0.plusSeconds(90_001), "INSTALLED")));
    try {
      // 2. The trace still shows both links (from the edges, level by level), once trace-api has
      //    read the state (api.genealogy.closure-state-check-interval is 1 s here).
      EdgeSource levels = new LevelByLevel();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        try {
          compare(levels, top, Direction.DOWN, 30, Tokens.admin(), edge -> true, true);
          break;
        } catch (AssertionError notYet) {
          if (System.nanoTime() > deadline) {
            throw notYet;
          }
          Thread.sleep(250);
        }
      }
      // 3. Rebuilt: the closure holds them and is read again, with the same answer.
      db.rebuildClosure();
      compare(levels, top, Direction.DOWN, 30, Tokens.admin(), edge -> true, true);
      compare(levels, "UPG-C-" + RUN, Direction.UP, 30, Tokens.admin(), edge -> true, true);
    } finally {
      db.rebuildClosure();
    }
  }

  /** Every other unit (the genealogy is random: any sample is), the cycle and every lot. */
  private static List<String> roots() {
    List<String> roots = new ArrayList<>();
    for (int i = 0; i < UNITS; i += 2) {
      roots.add(nodes.get(i));
    }
    roots.addAll(nodes.subList(UNITS, nodes.size()));
    roots.addAll(lots);
    return roots;
  }

  @Test
  void everyRecallScopeListsTheUnitsTheLevelByLevelWalkReaches() throws IOException {
    EdgeSource levels = new LevelByLevel();
    List<String> roots = new ArrayList<>(lots);
    for (int i = UNITS / 2 + 1; i < UNITS; i += 2) {
      roots.add(nodes.get(i));
    }
    for (String root : roots) {
      for (int depth : new int[] {1, 30}) {
        // 1. The reference: the forward walk's first reach of each unit (RecallService's rule).
        GenealogyWalk.Result walk =
            GenealogyWalk.walk(levels, root, Direction.UP, depth, MAX_NODES);
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (GenealogyWalk.TracedEdge traced : walk.edges()) {
          if (!traced.revisit() && traced.edge().installed()) {
            expected.putIfAbsent(traced.edge().parent(), traced.depth());
          }
        }
        String kind = lots.contains(root) ? "lots" : "components";
        var response =
            Tokens.admin()
                .get("/v1/" + kind + "/{id}/where-used?depth=" + depth + "&limit=1000", root);
        if (expected.isEmpty() && walk.edges().isEmpty()) {
          assertThat(response.statusCode()).as("where-used of %s", root).isEqualTo(404);
          continue;
        }
        // 2. The service: the same units at the same depths, the same levels and truncation.
        JsonNode body = JSON.readTree(response.then().statusCode(200).extract().asString());
        Map<String, Integer> actual = new HashMap<>();
        body.get("units")
            .forEach(u -> actual.put(u.get("serial").asText(), u.get("depth").asInt()));
        assertThat(actual).as("scope of %s to depth %d", root, depth).isEqualTo(expected);
        assertThat(body.get("levels").asInt()).isEqualTo(walk.levels());
        assertThat(body.get("truncated").asBoolean()).isEqualTo(walk.truncation().isPresent());
      }
    }
  }

  private static void compare(
      EdgeSource levels,
      String root,
      Direction direction,
      int depth,
      RequestSpecification caller,
      Predicate<Edge> shown,
      boolean admin)
      throws IOException {
    GenealogyView expected =
        GenealogyView.of(GenealogyWalk.walk(levels, root, direction, depth, MAX_NODES, shown));
    var response =
        caller.get(
            "/v1/units/{serial}/genealogy?direction="
                + direction.name().toLowerCase(Locale.ROOT)
                + "&depth="
                + depth,
            root);
    String what = direction + " trace of " + root + " to depth " + depth + (admin ? "" : " (P1)");
    if (response.statusCode() == 404) {
      // The root belongs to no plant of the caller (or to none): nothing to compare.
      assertThat(admin && !expected.edges().isEmpty()).as(what).isFalse();
      return;
    }
    JsonNode body = JSON.readTree(response.then().statusCode(200).extract().asString());
    assertThat(body.get("levels").asInt()).as(what).isEqualTo(expected.levels());
    assertThat(body.get("nodes").asInt()).as(what).isEqualTo(expected.nodes());
    assertThat(body.get("truncated").asBoolean()).as(what).isEqualTo(expected.truncated());
    assertThat(texts(body.get("cutOff"))).as(what).isEqualTo(expected.cutOff());
    assertThat(body.get("withheld").asInt()).as(what).isEqualTo(expected.withheld());
    assertThat(texts(body.get("withheldAt"))).as(what).isEqualTo(expected.withheldAt());
    List<String> edges = new ArrayList<>();
    body.get("edges")
        .forEach(
            e ->
                edges.add(
                    String.join(
                        "|",
                        e.get("depth").asText(),
                        e.get("parent").asText(),
                        e.get("child").asText(),
                        e.get("childKind").asText(),
                        e.get("part").asText(),
                        e.get("plant").asText(),
                        Instant.parse(e.get("at").asText()).toString(),
                        e.get("installed").asText(),
                        e.get("revisit").asText())));
    assertThat(edges)
        .as(what)
        .isEqualTo(
            expected.edges().stream()
                .map(
                    e ->
                        String.join(
                            "|",
                            Integer.toString(e.depth()),
                            e.parent(),
                            e.child(),
                            e.childKind(),
                            e.part(),
                            e.plant(),
                            e.at().toString(),
                            Boolean.toString(e.installed()),
                            Boolean.toString(e.revisit())))
                .toList());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  /** GenealogyStore's per-level query, against the IT database over HTTP. */
  private static final class LevelByLevel implements EdgeSource {
    private final Map<List<Object>, List<Edge>> answered = new HashMap<>();

    @Override
    public List<Edge> level(Direction direction, Set<String> frontier) {
      if (frontier.isEmpty()) {
        return List.of();
      }
      return answered.computeIfAbsent(
          List.of(direction, new LinkedHashSet<>(frontier)), k -> query(direction, frontier));
    }

    private static List<Edge> query(Direction direction, Set<String> frontier) {
      String sql =
          GenealogyStore.levelSql(TraceDatabase.NAME + ".genealogy_edges", direction, frontier)
              + " FORMAT JSONEachRow";
      List<Edge> edges = new ArrayList<>();
      try {
        for (String line : db.execute(sql).lines().filter(l -> !l.isBlank()).toList()) {
          JsonNode row = JSON.readTree(line);
          long micros = row.get("at_us").asLong();
          edges.add(
              new Edge(
                  row.get("parent_serial").asText(),
                  row.get("child").asText(),
                  row.get("child_kind").asText(),
                  row.get("part").asText(),
                  row.get("qty").asInt(),
                  row.get("step_id").asText(),
                  row.get("plant").asText(),
                  Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000),
                  row.get("installed").asInt() == 1));
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return edges;
    }
  }

  private static Map<String, Object> edge(
      String parent, String child, SplittableRandom random, Instant at, String type) {
    return Rows.edge(
        parent,
        child,
        child.startsWith("L"),
        "PART-" + random.nextInt(3),
        random.nextInt(3) == 0 ? "P2" : "P1",
        at,
        type);
  }

  private static String unit(int i) {
    return "U" + i + "-" + RUN;
  }

  private static String lot(int i) {
    return "LOT" + i + "-" + RUN;
  }
}
