package io.serialtrace.ingest.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Framework refusals (wrong media type, bad parameters) as problem documents too. */
public class ProblemMappers {
  @ServerExceptionMapper
  public Response map(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    Problem.ProblemType type =
        status == 415
            ? Problem.ProblemType.UNSUPPORTED_MEDIA_TYPE
            : Problem.ProblemType.BAD_REQUEST;
    Problem problem =
        new Problem(
            "urn:serialtrace:problem:" + type.slug(),
            type.title(),
            status,
            e.getMessage(),
            java.util.List.of(),
            java.util.List.of());
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
  }
}
