package io.serialtrace.api.genealogy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenealogyWalkTest {
  /** Edges held in memory; counts calls so "one query per level" is checked. */
  static final class Edges implements EdgeSource {
    final List<Edge> edges = new ArrayList<>();
    int calls;

    Edges link(String parent, String child, boolean installed) {
      return link(parent, child, installed, "P1");
    }

    /** A link recorded in {@code plant} (the plant where the parent was built). */
    Edges link(String parent, String child, boolean installed, String plant) {
      edges.add(
          new Edge(
              parent,
              child,
              child.startsWith("LOT") ? "LOT" : "SERIAL",
              "p",
              1,
              "s",
              plant,
              Instant.EPOCH,
              installed));
      return this;
    }

    @Override
    public List<Edge> level(Direction direction, Set<String> frontier) {
      calls++;
      return edges.stream()
          .filter(e -> frontier.contains(direction == Direction.DOWN ? e.parent() : e.child()))
          .toList();
    }
  }

  @Test
  void walksEveryLevelWithOneQueryPerLevel() {
    Edges edges = new Edges().link("A", "B", true).link("B", "C", true).link("C", "LOT-1", true);
    GenealogyWalk.Result result = GenealogyWalk.walk(edges, "A", Direction.DOWN, 10, 100);
    assertThat(result.levels()).isEqualTo(3);
    assertThat(result.reached()).containsExactly("B", "C", "LOT-1");
    assertThat(result.truncation()).isEmpty();
    // Three levels with edges; lots are not expanded, so the walk ends after the third query.
    assertThat(edges.calls).isEqualTo(3);
  }

  @Test
  void depthLimitReportsTheNodesWhoseEdgesWereNotFollowed() {
    Edges edges = new Edges().link("A", "B", true).link("B", "C", true).link("C", "D", true);
    GenealogyWalk.Result result = GenealogyWalk.walk(edges, "A", Direction.DOWN, 2, 100);
    assertThat(result.reached()).containsExactly("B", "C");
    assertThat(result.truncation()).contains(GenealogyWalk.Truncation.DEPTH_LIMIT);
    assertThat(result.cutOff()).containsExactly("C");
  }

  @Test
  void depthLimitExactlyAtTheLeavesIsNotATruncation() {
    Edges edges = new Edges().link("A", "B", true).link("B", "C", true);
    GenealogyWalk.Result result = GenealogyWalk.walk(edges, "A", Direction.DOWN, 2, 100);
    assertThat(result.truncation()).isEmpty();
    assertThat(result.cutOff()).isEmpty();
  }

  @Test
  void cycleIsWalkedOnceAndMarkedAsRevisit() {
    Edges edges = new Edges().link("A", "B", true).link("B", "A", true);
    GenealogyWalk.Result result = GenealogyWalk.walk(edges, "A", Direction.DOWN, 30, 100);
    assertThat(result.edges())
        .extracting(GenealogyWalk.TracedEdge::revisit)
        .containsExactly(false, true);
    assertThat(result.truncation()).isEmpty();
    assertThat(edges.calls).isEqualTo(2);
  }

  @Test
  void removedComponentIsListedButNotFollowed() {
    Edges edges = new Edges().link("A", "M", false).link("M", "R", true);
    GenealogyWalk.Result result = GenealogyWalk.walk(edges, "A", Direction.DOWN, 5, 100);
    assertThat(result.edges()).extracting(t -> t.edge().child()).containsExactly("M");
  }

  @Test
  void forwardWalkClimbsParents() {
    Edges edges = new Edges().link("TOP", "MID", true).link("MID", "LOT-1", true);
    GenealogyWalk.Result result = GenealogyWalk.walk(edges, "LOT-1", Direction.UP, 5, 100);
    assertThat(result.reached()).containsExactly("MID", "TOP");
  }

  @Test
  void nodeLimitStopsTheWalk() {
    Edges edges = new Edges();
    for (int i = 0; i < 50; i++) {
      edges.link("A", "C" + i, true);
    }
    GenealogyWalk.Result result = GenealogyWalk.walk(edges, "A", Direction.DOWN, 5, 10);
    assertThat(result.reached()).hasSize(10);
    assertThat(result.truncation()).contains(GenealogyWalk.Truncation.NODE_LIMIT);
  }

  @Test
  void linksOfAnotherPlantAreWithheldCountedAndNotFollowed() {
    // 1. FIN (P2) holds SUB (installed in P2); SUB was built in P1 from CORE and a lot; CORE in P1.
    Edges edges =
        new Edges()
            .link("FIN", "SUB", true, "P2")
            .link("SUB", "CORE", true, "P1")
            .link("SUB", "LOT-9", true, "P1")
            .link("CORE", "PIN", true, "P1");
    // 2. A caller of P2 walks down from FIN.
    GenealogyWalk.Result result =
        GenealogyWalk.walk(edges, "FIN", Direction.DOWN, 10, 100, e -> e.plant().equals("P2"));
    // 3. SUB is shown (P2 installed it); what SUB was built from is only counted, at SUB.
    assertThat(result.reached()).containsExactly("SUB");
    assertThat(result.withheld()).isEqualTo(2);
    assertThat(result.withheldAt()).containsExactly("SUB");
    assertThat(result.edges()).extracting(t -> t.edge().child()).containsExactly("SUB");
    // 4. Positive control: a cross-plant walk reaches everything and withholds nothing.
    GenealogyWalk.Result all = GenealogyWalk.walk(edges, "FIN", Direction.DOWN, 10, 100);
    assertThat(all.reached()).containsExactlyInAnyOrder("SUB", "CORE", "LOT-9", "PIN");
    assertThat(all.withheld()).isZero();
  }

  @Test
  void linksBeyondTheDepthLimitAreNotCountedAsWithheld() {
    Edges edges = new Edges().link("A", "B", true, "P1").link("B", "C", true, "P2");
    GenealogyWalk.Result result =
        GenealogyWalk.walk(edges, "A", Direction.DOWN, 1, 100, e -> e.plant().equals("P1"));
    assertThat(result.reached()).containsExactly("B");
    assertThat(result.withheld()).isZero();
    assertThat(result.truncation()).isEmpty();
  }
}
