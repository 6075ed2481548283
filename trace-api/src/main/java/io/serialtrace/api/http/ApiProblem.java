package io.serialtrace.api.http;

/**
 * What went wrong with a request, each mapped to one HTTP status by {@link ProblemMappers}. Thrown
 * inside {@link ApiProblemException} so resources can stop anywhere.
 */
public sealed interface ApiProblem {

  /** A unit, lot or component the store does not know: 404. */
  record NotFound(String what, String id) implements ApiProblem {}

  /** A request parameter that is missing, malformed or out of range: 400 naming it. */
  record BadParameter(String parameter, String reason) implements ApiProblem {}

  /** ClickHouse (or Kafka, for the stream) cannot be reached: 503. */
  record Unavailable(String reason) implements ApiProblem {}

  /** The store answered with an error that is not a connection problem: 500, no stack trace. */
  record StoreError(String reason) implements ApiProblem {}

  /**
   * No usable bearer token: missing, malformed, expired, wrongly signed, wrong issuer or audience:
   * 401 with {@code WWW-Authenticate: Bearer}. {@code tokenPresented} adds {@code
   * error="invalid_token"} to that header (RFC 6750 section 3.1).
   */
  record Unauthenticated(String reason, boolean tokenPresented) implements ApiProblem {}

  /** The token is valid but none of its roles may use the endpoint: 403 naming the roles needed. */
  record Forbidden(String endpoint, java.util.List<String> rolesNeeded) implements ApiProblem {}

  /**
   * A {@code plant} filter naming a plant outside the token's {@code plants} claim: 403 naming the
   * parameter (the caller's own claim is no secret; the data of that plant is never read).
   */
  record OutsidePlants(String parameter, String plant) implements ApiProblem {}

  /** The access could not be written to the access log, so nothing is answered: 503. */
  record AuditUnavailable(String reason) implements ApiProblem {}

  default ApiProblemException exception() {
    return new ApiProblemException(this);
  }

  static ApiProblemException notFound(String what, String id) {
    return new NotFound(what, id).exception();
  }

  static ApiProblemException badParameter(String parameter, String reason) {
    return new BadParameter(parameter, reason).exception();
  }
}
