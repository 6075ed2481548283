package io.serialtrace.sink.closure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The closure kept batch by batch answers every walk as the links themselves do: for every node,
 * both directions and several depth limits, a walk over the node's closure range (rows of depth ≤
 * limit + 1, folded) reads exactly the links, with the same facts at the same levels, as a walk
 * over the links' current states — through installs, removals, re-installation elsewhere, rework,
 * lots in many units, batches that hold a sub-assembly and its installation together, and (some
 * seeds) cycles in the data.
 */
class ClosureDeltaTest {
  private static final int[] LIMITS = {1, 2, 3, 5, 40};

  static Stream<Integer> seeds() {
    return IntStream.range(0, 24).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void closureRangesAnswerEveryWalkAsTheLinksDo(int seed) {
    SplittableRandom random = new SplittableRandom(seed);
    InMemoryClosureStore store = new InMemoryClosureStore();
    ClosureMaintenance maintenance = new ClosureMaintenance(store);
    // 1. Random edge events (cycles allowed for every fourth seed), delivered in random batches.
    List<Link> events = Genealogies.random(random, 30, 6, 160, seed % 4 == 0);
    int next = 0;
    while (next < events.size()) {
      int size = 1 + random.nextInt(12);
      List<Link> batch = events.subList(next, Math.min(events.size(), next + size));
      batch.forEach(store::edge);
      maintenance.update(batch.stream().map(Link::key).distinct().toList());
      next += batch.size();
      // 2. After every batch the closure answers as the links do.
      assertClosureAnswersAsTheLinks(store);
    }
  }

  @Test
  void aCycleInTheDataEndsTheUpdate() {
    InMemoryClosureStore store = new InMemoryClosureStore();
    ClosureMaintenance maintenance = new ClosureMaintenance(store);
    // 1. A -> B -> C -> A, all in one batch, then again one by one.
    List<Link> cycle =
        List.of(
            Genealogies.link("A", "B", true, 1),
            Genealogies.link("B", "C", true, 2),
            Genealogies.link("C", "A", true, 3));
    cycle.forEach(store::edge);
    maintenance.update(cycle.stream().map(Link::key).toList());
    for (Link link : cycle) {
      maintenance.update(List.of(link.key()));
    }
    // 2. Every node's range holds the three links, each at its shortest level.
    assertThat(store.range(Direction.DOWN, "A", 100))
        .extracting(r -> r.link().child() + "@" + r.depth())
        .containsExactlyInAnyOrder("B@1", "C@2", "A@3");
    assertClosureAnswersAsTheLinks(store);
  }

  @Test
  void aRemovedComponentLeavesTheTraceOfItsFormerParentAndJoinsItsNewOne() {
    InMemoryClosureStore store = new InMemoryClosureStore();
    ClosureMaintenance maintenance = new ClosureMaintenance(store);
    // 1. SUB holds a LOT; SUB goes into FIN1, is removed (rework), then goes into FIN2.
    List<Link> events =
        List.of(
            Genealogies.link("SUB", "LOT", true, 1),
            Genealogies.link("FIN1", "SUB", true, 2),
            Genealogies.link("FIN1", "SUB", false, 3),
            Genealogies.link("FIN2", "SUB", true, 4));
    for (Link event : events) {
      store.edge(event);
      maintenance.update(List.of(event.key()));
    }
    // 2. FIN1's range lists SUB as removed; the lot's scope reaches FIN2 as installed.
    assertThat(store.range(Direction.DOWN, "FIN1", 2))
        .filteredOn(r -> r.link().child().equals("SUB"))
        .singleElement()
        .satisfies(r -> assertThat(r.link().installed()).isFalse());
    assertThat(store.range(Direction.UP, "LOT", 3))
        .filteredOn(r -> r.link().installed())
        .extracting(r -> r.link().parent())
        .contains("SUB", "FIN2");
    assertClosureAnswersAsTheLinks(store);
  }

  static void assertClosureAnswersAsTheLinks(InMemoryClosureStore store) {
    Collection<Link> links = store.currentLinks().values();
    Set<String> nodes = new LinkedHashSet<>();
    links.forEach(
        l -> {
          nodes.add(l.parent());
          nodes.add(l.child());
        });
    for (String node : nodes) {
      for (Direction direction : Direction.values()) {
        for (int limit : LIMITS) {
          List<Link> range =
              store.range(direction, node, limit + 1).stream().map(ClosureRow::link).toList();
          assertThat(walk(range, node, direction, limit))
              .as("%s walk from %s limited to %d levels", direction, node, limit)
              .isEqualTo(walk(links, node, direction, limit));
        }
      }
    }
  }

  /**
   * What a level-by-level walk reads (GenealogyWalk's rules): at each level the links of the
   * frontier, by parent then child; installed links are followed (DOWN only to serial children),
   * each node once; the level after the limit is read to decide the truncation.
   */
  static List<String> walk(Collection<Link> links, String root, Direction direction, int limit) {
    List<String> read = new ArrayList<>();
    Set<String> seen = new HashSet<>(Set.of(root));
    Set<String> frontier = new LinkedHashSet<>(Set.of(root));
    for (int level = 1; level <= limit + 1 && !frontier.isEmpty(); level++) {
      Set<String> current = frontier;
      List<Link> edges =
          links.stream()
              .filter(l -> current.contains(direction == Direction.DOWN ? l.parent() : l.child()))
              .sorted(Comparator.comparing(Link::key))
              .toList();
      Set<String> next = new LinkedHashSet<>();
      for (Link edge : edges) {
        read.add(level + ":" + edge);
        String target = direction == Direction.DOWN ? edge.child() : edge.parent();
        boolean expandable =
            edge.installed() && (direction == Direction.UP || edge.childKind().equals("SERIAL"));
        if (seen.add(target) && expandable) {
          next.add(target);
        }
      }
      frontier = next;
    }
    return read;
  }
}
