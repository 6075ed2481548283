package io.serialtrace.api.units;

import io.serialtrace.api.http.ApiProblem;
import io.serialtrace.api.http.Params;
import io.serialtrace.api.http.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** A unit and its production record. */
@Path("/v1/units/{serial}")
public class UnitResource {
  @Inject UnitStore units;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Status, product, route revision, work order, plant, times, open"
              + " violations and record head of one unit")
  @APIResponse(responseCode = "200", description = "The unit")
  @APIResponse(
      responseCode = "404",
      description = "No such unit",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public UnitSummary unit(@PathParam("serial") String serial) {
    String id = Params.path("serial", serial);
    return units.summary(id).orElseThrow(() -> ApiProblem.notFound("unit", id));
  }

  @GET
  @Path("/record")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "The full production record (DHR) in execution order, with the hash-chain"
              + " check; Accept: text/html gives the printable page")
  public UnitRecordView record(@PathParam("serial") String serial) {
    String id = Params.path("serial", serial);
    UnitSummary unit = units.summary(id).orElseThrow(() -> ApiProblem.notFound("unit", id));
    Optional<String> publishedHead =
        Optional.ofNullable(units.units(List.of(id)).get(id))
            .filter(u -> !"IN_WORK".equals(u.status()))
            .map(UnitStore.StoredUnit::recordHead)
            .filter(head -> !head.isEmpty());
    return RecordAssembler.assemble(unit, publishedHead, units.records(id), units.violations(id));
  }

  @GET
  @Path("/record")
  @Produces(MediaType.TEXT_HTML)
  @Operation(summary = "The printable production record (21 CFR 11.10(b) human-readable copy)")
  public String recordPage(@PathParam("serial") String serial) {
    return RecordHtml.render(record(serial));
  }
}
