package io.serialtrace.api.genealogy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serialtrace.api.units.DerivedUnitStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recall scope of a lot or component: every unit it went into, at every level, across plants,
 * with each unit's state. {@code counts} and {@code plants} cover the whole scope; {@code units} is
 * the requested page of the units matching the filters ({@code matching} of them). Without the
 * {@code recall} role only the units of the caller's plants are listed and counted; {@code
 * withheldUnits} counts the units of other plants in the scope (nothing else about them is shown).
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record RecallScope(
    String root,
    String rootKind,
    int depthLimit,
    int levels,
    boolean truncated,
    Optional<GenealogyWalk.Truncation> truncatedBy,
    long total,
    Map<DerivedUnitStatus, Long> counts,
    Map<String, Long> plants,
    long withheldUnits,
    long matching,
    int offset,
    int limit,
    Optional<Integer> nextOffset,
    List<AffectedUnit> units) {

  /** One unit in scope; {@code depth} 1 = the lot/component is installed in it directly. */
  public record AffectedUnit(
      String serial,
      int depth,
      DerivedUnitStatus state,
      String storedStatus,
      String plant,
      String product,
      String workOrder,
      long openViolations) {}
}
