package io.serialtrace.ingest.http;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.serialtrace.ingest.intake.ItemError;
import io.serialtrace.support.http.Problem;
import io.serialtrace.support.security.BearerChallenge;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Framework refusals (wrong media type, bad parameters, authentication, roles) as problem documents
 * too. Authentication is not proactive ({@code quarkus.http.auth.proactive=false}), so token
 * failures reach these mappers instead of ending as a bare 401.
 */
public class ProblemMappers {
  /** The {@code WWW-Authenticate} challenge of every 401 (RFC 6750), as every service writes it. */
  static final String CHALLENGE = BearerChallenge.of(false, "");

  @ServerExceptionMapper
  public Response map(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    IngestProblemType type =
        status == 415 ? IngestProblemType.UNSUPPORTED_MEDIA_TYPE : IngestProblemType.BAD_REQUEST;
    // The framework's own status (e.g. 404, 405), under the nearest type.
    Problem problem =
        new Problem(type.uri(), type.title(), status, e.getMessage(), Optional.empty(), Map.of());
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  /** A token was sent but is malformed, expired, wrongly signed, or for another issuer/audience. */
  @ServerExceptionMapper
  public Response invalidToken(AuthenticationFailedException e, HttpHeaders headers) {
    boolean sent = headers.getHeaderString(HttpHeaders.AUTHORIZATION) != null;
    return unauthenticated(
        sent
            ? "The bearer token is not valid (malformed, expired, wrongly signed, or for another"
                + " issuer or audience)."
            : "This endpoint needs a bearer token (Authorization: Bearer …).",
        sent ? Optional.of("invalid_token") : Optional.empty());
  }

  /** No token at all on an endpoint that needs one. */
  @ServerExceptionMapper
  public Response noToken(UnauthorizedException e) {
    return unauthenticated(
        "This endpoint needs a bearer token (Authorization: Bearer …).", Optional.empty());
  }

  /** A valid token without any of the roles the endpoint declares. */
  @ServerExceptionMapper
  public Response wrongRole(ForbiddenException e, ResourceInfo resource) {
    String roles =
        rolesOf(resource.getResourceMethod())
            .or(() -> rolesOf(resource.getResourceClass()))
            .map(r -> new TreeSet<>(Arrays.asList(r.value())).toString())
            .orElse("[]");
    Problem problem =
        Problem.of(IngestProblemType.FORBIDDEN, "This endpoint needs one of the roles " + roles)
            .with(
                "errors",
                List.of(new ItemError(OptionalInt.empty(), "groups", "needs one of " + roles)));
    return IntakeAnswers.problem(problem).response();
  }

  static Response unauthenticated(String detail, Optional<String> error) {
    return Response.status(401)
        .type(Problem.MEDIA_TYPE)
        .header(
            HttpHeaders.WWW_AUTHENTICATE,
            CHALLENGE + error.map(code -> ", error=\"" + code + "\"").orElse(""))
        .entity(Problem.of(IngestProblemType.UNAUTHENTICATED, detail))
        .build();
  }

  private static Optional<RolesAllowed> rolesOf(Method method) {
    return method == null
        ? Optional.empty()
        : Optional.ofNullable(method.getAnnotation(RolesAllowed.class));
  }

  private static Optional<RolesAllowed> rolesOf(Class<?> type) {
    return type == null
        ? Optional.empty()
        : Optional.ofNullable(type.getAnnotation(RolesAllowed.class));
  }
}
