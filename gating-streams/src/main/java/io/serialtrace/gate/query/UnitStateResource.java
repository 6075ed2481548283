package io.serialtrace.gate.query;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code GET /units/{serial}/state}: the station's "what's next for this unit?", for a verified
 * bearer token of the unit's plant (trace-api's verification and readers of a unit's state).
 */
@Path("/units/{serial}/state")
public class UnitStateResource {

  private final UnitStateQuery query;
  private final JsonWebToken token;

  public UnitStateResource(UnitStateQuery query, JsonWebToken token) {
    this.query = query;
    this.token = token;
  }

  @GET
  @RolesAllowed({
    StateReaders.OPERATOR,
    StateReaders.QUALITY,
    StateReaders.AUDITOR,
    StateReaders.ANALYST,
    StateReaders.ADMIN
  })
  public Response state(@PathParam("serial") String serial) throws InterruptedException {
    HttpAnswer answer = UnitStateAnswers.answer(serial, query.lookup(serial), Reader.of(token));
    Response.ResponseBuilder response = Response.status(answer.status());
    answer.body().ifPresent(body -> response.entity(body).type(answer.mediaType()));
    answer.location().ifPresent(response::location);
    answer.retryAfter().ifPresent(d -> response.header("Retry-After", d.toSeconds()));
    return response.build();
  }
}
