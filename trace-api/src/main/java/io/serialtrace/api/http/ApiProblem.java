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
