package io.serialtrace.api.http;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.serialtrace.api.audit.RefusalAudit;
import io.serialtrace.support.http.Problem;
import io.serialtrace.support.http.ProblemType;
import io.serialtrace.support.security.BearerChallenge;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as {@code application/problem+json}; none as a stack trace. */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @Inject RefusalAudit audit;

  /** A problem a resource raised; a plant filter outside the caller's plants is audited. */
  @ServerExceptionMapper
  public Response apiProblem(ApiProblemException e, UriInfo uri, ResourceInfo resource) {
    if (e.problem() instanceof ApiProblem.OutsidePlants(String parameter, String plant)) {
      audit.outsidePlants(
          resource.getResourceMethod() == null
              ? uri.getPath()
              : RolesOf.endpoint(resource.getResourceMethod(), resource.getResourceClass()),
          plant);
    }
    return answer(e, uri);
  }

  private Response answer(ApiProblemException e, UriInfo uri) {
    String instance = uri.getPath();
    Problem body =
        switch (e.problem()) {
          case ApiProblem.NotFound(String what, String id) ->
              Problem.of(ApiProblemType.NOT_FOUND, "No " + what + " '" + id + "' is recorded.")
                  .titled("Unknown " + what);
          case ApiProblem.BadParameter(String parameter, String reason) ->
              Problem.of(ApiProblemType.BAD_PARAMETER, reason)
                  .titled("Bad parameter '" + parameter + "'")
                  .with("parameter", parameter);
          case ApiProblem.Unavailable(String reason) -> {
            LOG.warnf("503 for %s: %s", instance, reason);
            yield Problem.of(ApiProblemType.UNAVAILABLE, reason);
          }
          case ApiProblem.StoreError(String reason) -> {
            LOG.errorf("500 for %s: %s", instance, reason);
            yield Problem.of(ApiProblemType.STORE_ERROR, reason);
          }
          case ApiProblem.Unauthenticated(String reason, boolean presented) ->
              Problem.of(ApiProblemType.UNAUTHENTICATED, reason);
          case ApiProblem.Forbidden(String endpoint, List<String> roles) ->
              Problem.of(
                      ApiProblemType.FORBIDDEN,
                      endpoint + " needs one of the roles " + String.join(", ", roles))
                  .with("rolesNeeded", roles);
          case ApiProblem.OutsidePlants(String parameter, String plant) ->
              Problem.of(
                      ApiProblemType.OUTSIDE_PLANTS,
                      "plant '" + plant + "' is not in the plants claim of your token")
                  .with("parameter", parameter);
          case ApiProblem.AuditUnavailable(String reason) ->
              Problem.of(ApiProblemType.AUDIT_UNAVAILABLE, reason);
        };
    Response.ResponseBuilder response = Response.status(body.status()).type(Problem.MEDIA_TYPE);
    if (body.status() == 503) {
      response.header("Retry-After", "5");
    }
    if (e.problem() instanceof ApiProblem.Unauthenticated(String reason, boolean presented)) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.of(presented, reason));
    }
    return response.entity(body.at(instance)).build();
  }

  /** No token (anonymous request to a role-protected endpoint). */
  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e, UriInfo uri, HttpHeaders headers) {
    boolean presented = headers.getHeaderString(HttpHeaders.AUTHORIZATION) != null;
    return answer(
        new ApiProblem.Unauthenticated(
                presented
                    ? "the Authorization header is not a Bearer token"
                    : "a Bearer token is required (Authorization: Bearer <token>)",
                presented)
            .exception(),
        uri);
  }

  /**
   * A token that does not verify: malformed, expired, tampered, signed by another key, wrong issuer
   * or audience. The reason stays in the log; the client only learns that it is invalid.
   */
  @ServerExceptionMapper
  public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
    LOG.debugf("401 for %s: %s", uri.getPath(), e.getMessage());
    return answer(
        new ApiProblem.Unauthenticated(
                "the bearer token is invalid (malformed, expired, or not signed by the trusted"
                    + " issuer for this audience)",
                true)
            .exception(),
        uri);
  }

  /** A valid token whose roles the endpoint does not accept; the audited reads log the refusal. */
  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri, ResourceInfo resource) {
    List<String> roles = RolesOf.method(resource.getResourceMethod(), resource.getResourceClass());
    String endpoint = RolesOf.endpoint(resource.getResourceMethod(), resource.getResourceClass());
    audit.refused(endpoint, uri);
    return answer(new ApiProblem.Forbidden(endpoint, roles).exception(), uri);
  }

  /** Unknown paths, wrong methods, unacceptable media types: the framework's status, our body. */
  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    Problem body =
        Problem.of(frameworkRefusal(e.getResponse().getStatus()), e.getMessage()).at(uri.getPath());
    return Response.status(body.status()).type(Problem.MEDIA_TYPE).entity(body).build();
  }

  /** A refusal by the HTTP framework itself: type {@code http-<status>}, its reason phrase. */
  static ProblemType frameworkRefusal(int status) {
    Response.Status known = Response.Status.fromStatusCode(status);
    return new ProblemType.Definition(
        "http-" + status, known == null ? "HTTP " + status : known.getReasonPhrase(), status);
  }

  /** A bug: logged here with its stack trace, answered without it. */
  @ServerExceptionMapper
  public Response unexpected(RuntimeException e, UriInfo uri) {
    LOG.errorf(e, "Unexpected error for %s", uri.getPath());
    return Response.status(500)
        .type(Problem.MEDIA_TYPE)
        .entity(
            Problem.of(
                    ApiProblemType.INTERNAL,
                    "The request failed unexpectedly; the server log has the details.")
                .at(uri.getPath()))
        .build();
  }
}
