package io.serialtrace.api.genealogy;

import io.serialtrace.api.ApiSettings;
import io.serialtrace.api.units.UnitState;
import io.serialtrace.api.units.UnitStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Forward walk from a lot or component, then one units query and one violations query for the whole
 * reached set (each an IN list) to split it by state.
 */
@ApplicationScoped
public class RecallService {
  @Inject GenealogyStore genealogy;
  @Inject UnitStore units;
  @Inject ApiSettings settings;

  /** The whole scope, every unit, sorted by depth then serial. */
  public record Scope(GenealogyWalk.Result walk, List<RecallScope.AffectedUnit> units) {}

  public Scope scope(String root, int depth) {
    GenealogyWalk.Result walk =
        GenealogyWalk.walk(genealogy, root, Direction.UP, depth, settings.genealogy().maxNodes());
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
                  UnitState.of(status, openCount),
                  status,
                  unit == null ? traced.edge().plant() : unit.plant(),
                  unit == null ? "" : unit.product(),
                  unit == null ? "" : unit.workOrder(),
                  openCount));
        });
    affected.sort(
        Comparator.comparingInt(RecallScope.AffectedUnit::depth)
            .thenComparing(RecallScope.AffectedUnit::serial));
    return new Scope(walk, affected);
  }

  public static Map<UnitState, Long> counts(List<RecallScope.AffectedUnit> units) {
    Map<UnitState, Long> counts = new EnumMap<>(UnitState.class);
    for (UnitState state : UnitState.values()) {
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
