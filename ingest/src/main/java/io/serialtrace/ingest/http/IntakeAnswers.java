package io.serialtrace.ingest.http;

import io.serialtrace.ingest.decision.DecisionAnswer;
import io.serialtrace.ingest.event.FieldError;
import io.serialtrace.ingest.intake.AcceptedEvent;
import io.serialtrace.ingest.intake.IntakeOutcome;
import io.serialtrace.ingest.intake.ItemError;
import io.serialtrace.ingest.security.Caller;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.support.http.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The HTTP answer to each {@link IntakeOutcome} of {@code POST /v1/events}: status, problem
 * document and headers. Pure: no I/O, so every case has a plain unit test.
 */
public final class IntakeAnswers {
  /** What a 503 asks the station to wait before retrying with the same eventIds. */
  static final String RETRY_AFTER_SECONDS = "5";

  private IntakeAnswers() {}

  /**
   * @param caller who asked: a decision names only the units of plants it sees
   */
  public static HttpAnswer answer(IntakeOutcome outcome, Caller caller) {
    return switch (outcome) {
      case IntakeOutcome.BodyTooLarge large ->
          problem(
              Problem.of(
                  IngestProblemType.BODY_TOO_LARGE,
                  "The body has "
                      + large.bytes()
                      + " bytes; at most "
                      + large.maxBytes()
                      + " are accepted. Split the batch."));
      case IntakeOutcome.Malformed malformed ->
          problem(Problem.of(IngestProblemType.MALFORMED_JSON, malformed.detail()));
      case IntakeOutcome.BatchNotAllowed notAllowed ->
          problem(Problem.of(IngestProblemType.BAD_REQUEST, "Send one event per request."));
      case IntakeOutcome.BatchTooLarge large ->
          problem(
              Problem.of(
                  IngestProblemType.BODY_TOO_LARGE,
                  "The batch has "
                      + large.events()
                      + " events; at most "
                      + large.maxEvents()
                      + " are accepted."));
      case IntakeOutcome.Forbidden forbidden ->
          problem(
              Problem.of(
                      IngestProblemType.FORBIDDEN,
                      "The token's principal '"
                          + forbidden.sender()
                          + "' may not submit "
                          + (forbidden.batch() ? "every event of this batch" : "this event")
                          + "; nothing was stored.")
                  .with("errors", forbidden.errors()));
      case IntakeOutcome.SignatureNotAlone notAlone ->
          problem(
              Problem.of(
                      IngestProblemType.INVALID_EVENT,
                      "An electronic signature is sent alone: one re-authentication, one"
                          + " signature. Nothing was stored.")
                  .with(
                      "errors",
                      List.of(
                          new ItemError(
                              OptionalInt.empty(),
                              "payload.type",
                              "SignatureApplied, Disposition and Acknowledgement are sent as"
                                  + " the only event of a request"))));
      case IntakeOutcome.SigningTokenStale stale ->
          reauthenticate(
              stale.error(), "Re-authenticate, then sign with the new token.", stale.maxAge());
      case IntakeOutcome.SigningTokenReused reused ->
          reauthenticate(
              new FieldError(
                  "jti",
                  "this signing token was already used for event "
                      + reused.usedFor()
                      + "; a signing token signs once"),
              "Re-authenticate for each signature.",
              reused.maxAge());
      case IntakeOutcome.SigningLedgerUnavailable unavailable ->
          retryLater(
              Problem.of(
                  IngestProblemType.SIGNING_LEDGER_UNAVAILABLE,
                  "PostgreSQL did not record the signing token; nothing was stored. Retry with"
                      + " the same event and token."));
      case IntakeOutcome.Invalid invalid -> invalid(invalid.results());
      case IntakeOutcome.Unavailable unavailable -> {
        IntakeOutcome.Results results = unavailable.results();
        List<AcceptedEvent> accepted = results.accepted();
        yield retryLater(
            Problem.of(
                    IngestProblemType.KAFKA_UNAVAILABLE,
                    (results.items().size() - accepted.size())
                        + " of "
                        + results.items().size()
                        + " events "
                        + IntakeOutcome.Item.NotConfirmed.ANSWER
                        + " (it may still be stored: a new eventId would duplicate it); those"
                        + " under 'accepted' were stored.")
                .with("errors", results.errors())
                .with("accepted", accepted));
      }
      case IntakeOutcome.Accepted accepted ->
          new HttpAnswer(202, HttpAnswer.JSON, Map.of("accepted", accepted.accepted()), Map.of());
      case IntakeOutcome.Decided decided -> decided(decided.decision(), caller);
      case IntakeOutcome.Undecided undecided -> pending(undecided);
    };
  }

  /**
   * The gate's decision as {@code caller} may read it: 200 ACCEPTED, 409/422 REJECTED (a problem
   * document), 503 + Retry-After when the gate could not decide a component's ownership in time.
   */
  public static HttpAnswer decided(GateDecision decision, Caller caller) {
    DecisionBody body = DecisionBody.of(decision, caller);
    return new HttpAnswer(
        body.status(),
        body.mediaType(),
        body,
        DecisionAnswer.retryable(decision) ? Map.of("Retry-After", RETRY_AFTER_SECONDS) : Map.of());
  }

  /** A problem document with its type's status. */
  public static HttpAnswer problem(Problem problem) {
    return new HttpAnswer(problem.status(), Problem.MEDIA_TYPE, problem, Map.of());
  }

  private static HttpAnswer invalid(IntakeOutcome.Results results) {
    List<AcceptedEvent> accepted = results.accepted();
    int refused = results.items().size() - accepted.size();
    IngestProblemType type =
        results.batch() && !accepted.isEmpty()
            ? IngestProblemType.PARTIALLY_ACCEPTED
            : IngestProblemType.INVALID_EVENT;
    String detail =
        results.batch()
            ? refused
                + " of "
                + results.items().size()
                + " events refused (see errors[].index); "
                + accepted.size()
                + " stored (see accepted)."
            : "The event was refused; see errors.";
    return problem(
        Problem.of(type, detail).with("errors", results.errors()).with("accepted", accepted));
  }

  /** 202: stored, but the gate had not decided within the wait; poll the Location. */
  private static HttpAnswer pending(IntakeOutcome.Undecided undecided) {
    String poll = "/v1/events/" + undecided.eventId() + "/decision";
    return new HttpAnswer(
        202,
        HttpAnswer.JSON,
        Map.of(
            "accepted",
            List.of(new AcceptedEvent(0, undecided.eventId())),
            "decision",
            "PENDING",
            "poll",
            poll),
        // A relative reference (RFC 9110 allows it): the request is not at hand here.
        Map.of("Location", poll, "Preference-Applied", "wait=" + undecided.waited().toSeconds()));
  }

  /** 401 with the step-up challenge of RFC 9470: the caller knows to re-authenticate. */
  private static HttpAnswer reauthenticate(FieldError error, String hint, Duration maxAge) {
    Problem problem =
        Problem.of(IngestProblemType.REAUTHENTICATION_REQUIRED, error.message() + ". " + hint)
            .with(
                "errors",
                List.of(new ItemError(OptionalInt.empty(), error.field(), error.message())));
    return new HttpAnswer(
        problem.status(),
        Problem.MEDIA_TYPE,
        problem,
        Map.of(
            "WWW-Authenticate",
            ProblemMappers.CHALLENGE
                + ", error=\"insufficient_user_authentication\", max_age="
                + maxAge.toSeconds()));
  }

  /** 503 + Retry-After: not everything was stored or confirmed; retry with the same events. */
  private static HttpAnswer retryLater(Problem problem) {
    return new HttpAnswer(
        problem.status(), Problem.MEDIA_TYPE, problem, Map.of("Retry-After", RETRY_AFTER_SECONDS));
  }
}
