package io.serialtrace.api.http;

/** Carries an {@link ApiProblem} out of a resource; no stack trace is ever sent to clients. */
public final class ApiProblemException extends RuntimeException {
  private final ApiProblem problem;

  public ApiProblemException(ApiProblem problem) {
    super(problem.toString(), null, false, false);
    this.problem = problem;
  }

  public ApiProblem problem() {
    return problem;
  }
}
