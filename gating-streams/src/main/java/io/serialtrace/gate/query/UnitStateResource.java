package io.serialtrace.gate.query;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** {@code GET /units/{serial}/state}: the station's "what's next for this unit?". */
@Path("/units/{serial}/state")
public class UnitStateResource {

  private final UnitStateQuery query;

  public UnitStateResource(UnitStateQuery query) {
    this.query = query;
  }

  @GET
  public Response state(@PathParam("serial") String serial) throws InterruptedException {
    HttpAnswer answer = UnitStateAnswers.answer(serial, query.lookup(serial));
    Response.ResponseBuilder response = Response.status(answer.status());
    answer.body().ifPresent(body -> response.entity(body).type(answer.mediaType()));
    answer.location().ifPresent(response::location);
    answer.retryAfter().ifPresent(d -> response.header("Retry-After", d.toSeconds()));
    return response.build();
  }
}
