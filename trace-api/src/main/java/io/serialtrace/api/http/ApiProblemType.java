package io.serialtrace.api.http;

import io.serialtrace.support.http.ProblemType;

/** The kinds of problem trace-api answers with ({@link ProblemMappers} picks one per refusal). */
public enum ApiProblemType implements ProblemType {
  NOT_FOUND("not-found", "Unknown resource", 404),
  BAD_PARAMETER("bad-parameter", "Bad parameter", 400),
  UNAVAILABLE("unavailable", "Store unavailable", 503),
  STORE_ERROR("store-error", "Store error", 500),
  UNAUTHENTICATED("unauthenticated", "Not authenticated", 401),
  FORBIDDEN("forbidden", "Forbidden", 403),
  OUTSIDE_PLANTS("outside-plants", "Plant outside your plants", 403),
  AUDIT_UNAVAILABLE("audit-unavailable", "Access log unavailable", 503),
  INTERNAL("internal", "Internal error", 500);

  private final Definition definition;

  ApiProblemType(String slug, String title, int status) {
    this.definition = new Definition(slug, title, status);
  }

  @Override
  public Definition definition() {
    return definition;
  }
}
