package io.serialtrace.api.genealogy;

import io.serialtrace.api.ApiSettings;
import io.serialtrace.api.http.ApiProblem;
import io.serialtrace.api.http.Params;
import io.serialtrace.api.units.UnitStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Backward (as-built) and forward traces of one unit. */
@Path("/v1/units/{serial}/genealogy")
public class GenealogyResource {
  @Inject GenealogyStore genealogy;
  @Inject UnitStore units;
  @Inject ApiSettings settings;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Breadth-first trace: direction=down (what went into the unit, every level)"
              + " or up (what the unit went into); one indexed query per level, cycle guard, depth limit")
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
    if (!known(id)) {
      throw ApiProblem.notFound("unit", id);
    }
    return GenealogyView.of(
        GenealogyWalk.walk(genealogy, id, way, levels, settings.genealogy().maxNodes()));
  }

  private boolean known(String serial) {
    return !units.units(List.of(serial)).isEmpty()
        || units.head(serial).count() > 0
        || genealogy.known(serial, Direction.DOWN)
        || genealogy.known(serial, Direction.UP);
  }
}
