package io.serialtrace.api.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as {@code application/problem+json}; none as a stack trace. */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  private static final String TYPE = "https://serialtrace.io/problems/";

  @ServerExceptionMapper
  public Response apiProblem(ApiProblemException e, UriInfo uri) {
    String instance = uri.getPath();
    Problem body =
        switch (e.problem()) {
          case ApiProblem.NotFound(String what, String id) ->
              new Problem(
                  TYPE + "not-found",
                  "Unknown " + what,
                  404,
                  "No " + what + " '" + id + "' is recorded.",
                  instance,
                  null);
          case ApiProblem.BadParameter(String parameter, String reason) ->
              new Problem(
                  TYPE + "bad-parameter",
                  "Bad parameter '" + parameter + "'",
                  400,
                  reason,
                  instance,
                  parameter);
          case ApiProblem.Unavailable(String reason) -> {
            LOG.warnf("503 for %s: %s", instance, reason);
            yield new Problem(
                TYPE + "unavailable", "Store unavailable", 503, reason, instance, null);
          }
          case ApiProblem.StoreError(String reason) -> {
            LOG.errorf("500 for %s: %s", instance, reason);
            yield new Problem(TYPE + "store-error", "Store error", 500, reason, instance, null);
          }
        };
    Response.ResponseBuilder response = Response.status(body.status()).type(Problem.MEDIA_TYPE);
    if (body.status() == 503) {
      response.header("Retry-After", "5");
    }
    return response.entity(body).build();
  }

  /** Unknown paths, wrong methods, unacceptable media types: the framework's status, our body. */
  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    int status = e.getResponse().getStatus();
    String title =
        Response.Status.fromStatusCode(status) == null
            ? "HTTP " + status
            : Response.Status.fromStatusCode(status).getReasonPhrase();
    return Response.status(status)
        .type(Problem.MEDIA_TYPE)
        .entity(
            new Problem(
                TYPE + "http-" + status, title, status, e.getMessage(), uri.getPath(), null))
        .build();
  }

  /** A bug: logged here with its stack trace, answered without it. */
  @ServerExceptionMapper
  public Response unexpected(RuntimeException e, UriInfo uri) {
    LOG.errorf(e, "Unexpected error for %s", uri.getPath());
    return Response.status(500)
        .type(Problem.MEDIA_TYPE)
        .entity(
            new Problem(
                TYPE + "internal",
                "Internal error",
                500,
                "The request failed unexpectedly; the server log has the details.",
                uri.getPath(),
                null))
        .build();
  }
}
