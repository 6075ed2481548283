package io.serialtrace.api.genealogy;

import io.serialtrace.api.ApiSettings;
import io.serialtrace.api.security.Caller;
import io.serialtrace.api.units.DerivedUnitStatus;
import io.serialtrace.api.units.UnitStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Forward walk from a lot or component (over its closure range, read at once: {@link
 * GenealogyClosure}), then one units query and one violations query for the whole reached set (each
 * an IN list) to split it by state.
 *
 * <p>Plants: the walk itself always crosses plants (a lot used in P1 sub-assemblies reaches P2's
 * finished units, and a recall must reach them), but the scope lists only the units of the caller's
 * plants — with {@code recall} or {@code admin}, every unit. The others are only counted ({@code
 * withheldUnits}): no serial, plant, state or depth of theirs is shown.
 */
@ApplicationScoped
public class RecallService {
  private final GenealogyStore genealogy;
  private final GenealogyClosure closure;
  private final UnitStore units;
  private final ApiSettings settings;

  public RecallService(
      GenealogyStore genealogy, GenealogyClosure closure, UnitStore units, ApiSettings settings) {
    this.genealogy = genealogy;
    this.closure = closure;
    this.units = units;
    this.settings = settings;
  }

  /**
   * The scope as the caller may see it: {@code units} (sorted by depth then serial) are those of
   * the caller's plants, {@code withheldUnits} the others; {@code visible} is false when the root's
   * scope touches none of the caller's plants (neither a unit in scope nor a direct link), which
   * the resource answers as the 404 of an unknown lot.
   */
  public record Scope(
      GenealogyWalk.Result walk,
      List<RecallScope.AffectedUnit> units,
      long withheldUnits,
      boolean visible) {}

  public Scope scope(String root, int depth, Caller caller) {
    int maxNodes = settings.genealogy().maxNodes();
    EdgeSource edges =
        closure
            .around(root, Direction.UP, depth, maxNodes)
            .<EdgeSource>map(c -> c)
            .orElse(genealogy);
    GenealogyWalk.Result walk = GenealogyWalk.walk(edges, root, Direction.UP, depth, maxNodes);
    Map<String, GenealogyWalk.TracedEdge> firstReach = new LinkedHashMap<>();
    for (GenealogyWalk.TracedEdge traced : walk.edges()) {
      if (!traced.revisit() && traced.edge().installed()) {
        firstReach.putIfAbsent(traced.edge().parent(), traced);
      }
    }
    Map<String, UnitStore.StoredUnit> stored = units.units(firstReach.keySet());
    Map<String, Long> open = units.openViolationCounts(firstReach.keySet());
    List<RecallScope.AffectedUnit> affected = new ArrayList<>(firstReach.size());
    firstReach.forEach(
        (serial, traced) -> {
          UnitStore.StoredUnit unit = stored.get(serial);
          long openCount = open.getOrDefault(serial, 0L);
          String status = unit == null ? "UNKNOWN" : unit.status();
          affected.add(
              new RecallScope.AffectedUnit(
                  serial,
                  traced.depth(),
                  DerivedUnitStatus.of(status, openCount),
                  status,
                  unit == null ? traced.edge().plant() : unit.plant(),
                  unit == null ? "" : unit.product(),
                  unit == null ? "" : unit.workOrder(),
                  openCount));
        });
    affected.sort(
        Comparator.comparingInt(RecallScope.AffectedUnit::depth)
            .thenComparing(RecallScope.AffectedUnit::serial));
    List<RecallScope.AffectedUnit> shown =
        affected.stream().filter(u -> caller.traces(u.plant())).toList();
    boolean directLink =
        walk.edges().stream().anyMatch(t -> t.depth() == 1 && caller.traces(t.edge().plant()));
    return new Scope(
        walk,
        shown,
        affected.size() - shown.size(),
        caller.tracesEveryPlant() || directLink || !shown.isEmpty());
  }

  public static Map<DerivedUnitStatus, Long> counts(List<RecallScope.AffectedUnit> units) {
    Map<DerivedUnitStatus, Long> counts = new EnumMap<>(DerivedUnitStatus.class);
    for (DerivedUnitStatus state : DerivedUnitStatus.values()) {
      counts.put(state, 0L);
    }
    units.forEach(u -> counts.merge(u.state(), 1L, Long::sum));
    return counts;
  }

  public static Map<String, Long> plants(List<RecallScope.AffectedUnit> units) {
    Map<String, Long> plants = new TreeMap<>();
    units.forEach(u -> plants.merge(u.plant(), 1L, Long::sum));
    return plants;
  }
}
