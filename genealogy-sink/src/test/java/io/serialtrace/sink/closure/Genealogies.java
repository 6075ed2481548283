package io.serialtrace.sink.closure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Random genealogy edge events for the closure tests. */
final class Genealogies {
  private Genealogies() {}

  static Link link(String parent, String child, boolean installed, long at) {
    boolean lot = child.startsWith("LOT");
    return new Link(parent, child, lot ? "LOT" : "SERIAL", "PART", 1, "step", "P1", at, installed);
  }

  /**
   * {@code events} edge events over {@code units} units and {@code lots} lots: installs of a lot or
   * of a unit into a unit (parent index below the child's unless {@code cycles}), removals of an
   * installed link, and re-installations of a removed component into another unit.
   */
  static List<Link> random(
      SplittableRandom random, int units, int lots, int events, boolean cycles) {
    List<Link> out = new ArrayList<>();
    Map<LinkKey, Boolean> state = new HashMap<>();
    long at = 1;
    for (int i = 0; i < events; i++) {
      int kind = random.nextInt(10);
      List<LinkKey> installed =
          state.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
      if (kind < 2 && !installed.isEmpty()) {
        LinkKey removed = installed.get(random.nextInt(installed.size()));
        state.put(removed, false);
        out.add(link(removed.parent(), removed.child(), false, at++));
        if (random.nextBoolean()) {
          // Rework: the removed component goes into another unit (or back into the same one).
          String parent = "U" + random.nextInt(units);
          state.put(new LinkKey(parent, removed.child()), true);
          out.add(link(parent, removed.child(), true, at++));
        }
      } else if (kind < 4) {
        String parent = "U" + random.nextInt(units);
        String lot = "LOT" + random.nextInt(lots);
        state.put(new LinkKey(parent, lot), true);
        out.add(link(parent, lot, true, at++));
      } else {
        int a = random.nextInt(units);
        int b = random.nextInt(units);
        if (a == b) {
          continue;
        }
        int parent = cycles ? a : Math.min(a, b);
        int child = cycles ? b : Math.max(a, b);
        state.put(new LinkKey("U" + parent, "U" + child), true);
        out.add(link("U" + parent, "U" + child, true, at++));
      }
    }
    return out;
  }
}
