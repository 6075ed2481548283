package io.serialtrace.ingest.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serialtrace.support.http.ProblemTypes;
import java.util.List;
import java.util.OptionalInt;

/**
 * An RFC 9457 problem document ({@code application/problem+json}) with two extension members:
 * {@code errors}, one entry per bad field (with the batch index for a batch), and {@code accepted},
 * the events of the same request that were stored all the same.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    List<Error> errors,
    List<AcceptedEvent> accepted) {

  public static final String MEDIA_TYPE = ProblemTypes.MEDIA_TYPE;

  public static Problem of(ProblemType type, String detail) {
    return new Problem(
        ProblemTypes.uri(type.slug()), type.title(), type.status(), detail, List.of(), List.of());
  }

  public Problem withErrors(List<Error> more) {
    return new Problem(type, title, status, detail, List.copyOf(more), accepted);
  }

  public Problem withAccepted(List<AcceptedEvent> stored) {
    return new Problem(type, title, status, detail, errors, List.copyOf(stored));
  }

  /** One bad field; {@code index} is the position in a batch, absent for a single event. */
  @JsonInclude(JsonInclude.Include.NON_ABSENT)
  public record Error(OptionalInt index, String field, String message) {}

  /** The kinds of problem this service answers with. */
  public enum ProblemType {
    MALFORMED_JSON("malformed-json", "The body is not a readable JSON event or batch", 400),
    INVALID_EVENT("invalid-event", "The event has invalid or missing fields", 400),
    PARTIALLY_ACCEPTED(
        "partially-accepted", "Some events of the batch were refused; the others were stored", 400),
    BODY_TOO_LARGE("body-too-large", "The request body or batch is too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Send application/json", 415),
    KAFKA_UNAVAILABLE(
        "kafka-unavailable", "The events could not be stored; retry with the same eventIds", 503),
    GATE_REJECTED("gate-rejected", "The gate refused the event", 422),
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

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
      this.slug = slug;
      this.title = title;
      this.status = status;
    }

    public String slug() {
      return slug;
    }

    public String title() {
      return title;
    }

    public int status() {
      return status;
    }
  }
}
