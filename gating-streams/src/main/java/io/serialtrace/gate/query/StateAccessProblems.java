package io.serialtrace.gate.query;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.serialtrace.support.http.Problem;
import io.serialtrace.support.security.BearerChallenge;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The refusals of {@code GET /units/{serial}/state} as problem+json, as trace-api answers them: 401
 * with a Bearer challenge (RFC 6750) without a token or with one that does not verify, 403 for a
 * token without a reading role.
 */
public class StateAccessProblems {
  private static final Logger LOG = Logger.getLogger(StateAccessProblems.class);

  /** No token, or an Authorization header that is not a Bearer token. */
  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e, UriInfo uri, HttpHeaders headers) {
    boolean presented = headers.getHeaderString(HttpHeaders.AUTHORIZATION) != null;
    return unauthenticated(
        uri,
        presented
            ? "the Authorization header is not a Bearer token"
            : "a Bearer token is required (Authorization: Bearer <token>)",
        presented);
  }

  /** A token that does not verify; the reason stays in the log. */
  @ServerExceptionMapper
  public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
    LOG.debugf("401 for %s: %s", uri.getPath(), e.getMessage());
    return unauthenticated(
        uri,
        "the bearer token is invalid (malformed, expired, or not signed by the trusted issuer for"
            + " this audience)",
        true);
  }

  /** A verified token without a role that may read a unit's state. */
  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri, ResourceInfo resource) {
    RolesAllowed roles = resource.getResourceMethod().getAnnotation(RolesAllowed.class);
    return Response.status(GateProblemType.FORBIDDEN.status())
        .type(Problem.MEDIA_TYPE)
        .entity(
            Problem.of(
                    GateProblemType.FORBIDDEN,
                    "this endpoint needs one of the roles " + String.join(", ", roles.value()))
                .at(uri.getPath())
                .with("rolesNeeded", List.of(roles.value())))
        .build();
  }

  private static Response unauthenticated(UriInfo uri, String reason, boolean tokenPresented) {
    return Response.status(GateProblemType.UNAUTHENTICATED.status())
        .type(Problem.MEDIA_TYPE)
        .header(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.of(tokenPresented, reason))
        .entity(Problem.of(GateProblemType.UNAUTHENTICATED, reason).at(uri.getPath()))
        .build();
  }
}
