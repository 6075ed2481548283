package io.serialtrace.ingest.http;

import io.serialtrace.support.http.ProblemType;

/** The kinds of problem ingest answers with. */
public enum IngestProblemType implements ProblemType {
  MALFORMED_JSON("malformed-json", "The body is not a readable JSON event or batch", 400),
  INVALID_EVENT("invalid-event", "The event has invalid or missing fields", 400),
  PARTIALLY_ACCEPTED(
      "partially-accepted", "Some events of the batch were refused; the others were stored", 400),
  BODY_TOO_LARGE("body-too-large", "The request body or batch is too large", 413),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Send application/json", 415),
  KAFKA_UNAVAILABLE(
      "kafka-unavailable",
      "Kafka did not confirm the events in time; retry with the same eventIds",
      503),
  GATE_REJECTED("gate-rejected", "The gate refused the event", 422),
  CLAIM_UNAVAILABLE(
      "claim-unavailable",
      "The gate could not confirm in time that the component is free; nothing was recorded, scan"
          + " it again",
      503),
  UNKNOWN_EVENT("unknown-event", "This instance knows no decision for that event", 404),
  BAD_REQUEST("bad-request", "The request is not valid", 400),
  UNAUTHENTICATED(
      "unauthenticated", "A valid bearer token is required (missing, expired or invalid)", 401),
  REAUTHENTICATION_REQUIRED(
      "reauthentication-required",
      "A signature needs a signing token from a re-authentication moments ago, used once",
      401),
  FORBIDDEN("forbidden", "The token does not allow this request", 403),
  SIGNING_LEDGER_UNAVAILABLE(
      "signing-ledger-unavailable",
      "The signing token could not be checked for reuse; retry with the same event",
      503);

  private final Definition definition;

  IngestProblemType(String slug, String title, int status) {
    this.definition = new Definition(slug, title, status);
  }

  @Override
  public Definition definition() {
    return definition;
  }
}
