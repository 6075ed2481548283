package io.serialtrace.gate.query;

import io.serialtrace.support.http.ProblemType;

/** The kinds of problem the gate's query endpoint answers with. */
public enum GateProblemType implements ProblemType {
  UNIT_NOT_FOUND("unit-not-found", "Unknown unit", 404),
  STORE_NOT_READY("store-not-ready", "Unit state temporarily unavailable", 503);

  private final String slug;
  private final String title;
  private final int status;

  GateProblemType(String slug, String title, int status) {
    this.slug = slug;
    this.title = title;
    this.status = status;
  }

  @Override
  public String slug() {
    return slug;
  }

  @Override
  public String title() {
    return title;
  }

  @Override
  public int status() {
    return status;
  }
}
