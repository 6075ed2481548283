package io.serialtrace.api.genealogy;

import io.serialtrace.api.ApiSettings;
import io.serialtrace.api.audit.Access;
import io.serialtrace.api.audit.AccessAudit;
import io.serialtrace.api.http.ApiProblem;
import io.serialtrace.api.http.Params;
import io.serialtrace.api.security.Caller;
import io.serialtrace.api.security.CurrentCaller;
import io.serialtrace.api.security.Roles;
import io.serialtrace.api.units.UnitStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Backward (as-built) and forward traces of one unit. The root must belong to one of the caller's
 * plants (else the 404 of an unknown serial); the walk lists and follows only links recorded in the
 * caller's plants and counts the others ({@code withheld}, {@code withheldAt}), unless the caller
 * has {@code recall} or {@code admin}. Each trace is written to the access log.
 */
@Path("/v1/units/{serial}/genealogy")
public class GenealogyResource {
  static final String TRACE = "GET /v1/units/{serial}/genealogy";

  private final GenealogyStore genealogy;
  private final GenealogyClosure closure;
  private final UnitStore units;
  private final ApiSettings settings;
  private final CurrentCaller caller;
  private final AccessAudit audit;

  public GenealogyResource(
      GenealogyStore genealogy,
      GenealogyClosure closure,
      UnitStore units,
      ApiSettings settings,
      CurrentCaller caller,
      AccessAudit audit) {
    this.genealogy = genealogy;
    this.closure = closure;
    this.units = units;
    this.settings = settings;
    this.caller = caller;
    this.audit = audit;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.QUALITY, Roles.AUDITOR, Roles.ANALYST, Roles.ADMIN, Roles.RECALL})
  @Operation(
      summary =
          "Breadth-first trace: direction=down (what went into the unit, every level)"
              + " or up (what the unit went into); one indexed read of the genealogy closure,"
              + " cycle guard, depth limit")
  public GenealogyView trace(
      @PathParam("serial") String serial,
      @QueryParam("direction") String direction,
      @QueryParam("depth") String depth) {
    String id = Params.path("serial", serial);
    Direction way = Params.oneOf("direction", direction, Direction.class).orElse(Direction.DOWN);
    int levels =
        Params.intInRange(
            "depth",
            depth,
            settings.genealogy().defaultDepth(),
            1,
            settings.genealogy().maxDepth());
    Caller who = caller.get();
    Set<String> owners = owners(id);
    String action = TRACE + "?direction=" + way.name().toLowerCase(java.util.Locale.ROOT);
    Optional<String> plant = owners.stream().findFirst();
    if (owners.isEmpty() || !who.tracesAny(owners)) {
      audit.record(
          who,
          new Access(
              action,
              Access.TargetKind.UNIT,
              id,
              plant,
              owners.isEmpty() ? Access.Outcome.NOT_FOUND : Access.Outcome.FORBIDDEN));
      throw ApiProblem.notFound("unit", id);
    }
    int maxNodes = settings.genealogy().maxNodes();
    EdgeSource edges =
        closure.around(id, way, levels, maxNodes).<EdgeSource>map(c -> c).orElse(genealogy);
    GenealogyView view =
        GenealogyView.of(
            GenealogyWalk.walk(edges, id, way, levels, maxNodes, edge -> who.traces(edge.plant())));
    audit.record(who, new Access(action, Access.TargetKind.UNIT, id, plant, Access.Outcome.FOUND));
    return view;
  }

  /**
   * The plants a serial belongs to: its units row, else its records, else the links it was built
   * from (recorded where it was built), else the links it was installed by; empty when unknown.
   */
  private Set<String> owners(String serial) {
    UnitStore.StoredUnit unit = units.units(List.of(serial)).get(serial);
    if (unit != null && !unit.plant().isEmpty()) {
      return Set.of(unit.plant());
    }
    UnitStore.RecordHead head = units.head(serial);
    if (head.count() > 0) {
      return Set.of(head.plant());
    }
    Set<String> builtIn = genealogy.plants(serial, Direction.DOWN);
    return builtIn.isEmpty() ? genealogy.plants(serial, Direction.UP) : builtIn;
  }
}
