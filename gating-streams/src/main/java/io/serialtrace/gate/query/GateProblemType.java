package io.serialtrace.gate.query;

import io.serialtrace.support.http.ProblemType;

/** The kinds of problem the gate's query endpoint answers with. */
public enum GateProblemType implements ProblemType {
  UNIT_NOT_FOUND("unit-not-found", "Unknown unit", 404),
  STORE_NOT_READY("store-not-ready", "Unit state temporarily unavailable", 503),
  UNAUTHENTICATED("unauthenticated", "Not authenticated", 401),
  FORBIDDEN("forbidden", "Forbidden", 403);

  private final Definition definition;

  GateProblemType(String slug, String title, int status) {
    this.definition = new Definition(slug, title, status);
  }

  @Override
  public Definition definition() {
    return definition;
  }
}
