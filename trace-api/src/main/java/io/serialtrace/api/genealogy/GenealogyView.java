package io.serialtrace.api.genealogy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * GET /v1/units/{serial}/genealogy. {@code edges} in walk order (level by level); build the tree
 * from parent → child. {@code truncated} is true when the depth or node limit cut the walk short,
 * and {@code cutOff} names the nodes whose further edges were not followed. {@code withheld} counts
 * the links recorded in plants outside the caller's claim (not listed, not followed) and {@code
 * withheldAt} names the listed nodes they hang on: the genealogy goes on there, in another plant.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record GenealogyView(
    String root,
    Direction direction,
    int depthLimit,
    int levels,
    int nodes,
    boolean truncated,
    Optional<GenealogyWalk.Truncation> truncatedBy,
    List<String> cutOff,
    int withheld,
    List<String> withheldAt,
    List<EdgeView> edges) {

  /** One link met by the walk; {@code revisit}: its target was already reached (not followed). */
  public record EdgeView(
      int depth,
      String parent,
      String child,
      String childKind,
      String part,
      int qty,
      String stepId,
      String plant,
      Instant at,
      boolean installed,
      boolean revisit) {}

  public static GenealogyView of(GenealogyWalk.Result result) {
    return new GenealogyView(
        result.root(),
        result.direction(),
        result.depthLimit(),
        result.levels(),
        result.reached().size(),
        result.truncation().isPresent(),
        result.truncation(),
        List.copyOf(result.cutOff()),
        result.withheld(),
        result.withheldAt().stream().sorted().toList(),
        result.edges().stream()
            .map(
                t ->
                    new EdgeView(
                        t.depth(),
                        t.edge().parent(),
                        t.edge().child(),
                        t.edge().childKind(),
                        t.edge().part(),
                        t.edge().qty(),
                        t.edge().stepId(),
                        t.edge().plant(),
                        t.edge().at(),
                        t.edge().installed(),
                        t.revisit()))
            .toList());
  }
}
