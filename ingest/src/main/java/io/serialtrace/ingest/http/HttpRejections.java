package io.serialtrace.ingest.http;

import io.serialtrace.ingest.event.FieldError;
import io.serialtrace.ingest.intake.IntakeOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * What an HTTP intake outcome adds to {@code ingest_events_rejected_total{channel="HTTP"}}: a
 * reason and how many events it refused. Pure.
 */
final class HttpRejections {
  private HttpRejections() {}

  /** Events refused for one reason. */
  record Rejection(String reason, int events) {}

  static List<Rejection> of(IntakeOutcome outcome) {
    return switch (outcome) {
      case IntakeOutcome.BodyTooLarge large -> List.of(new Rejection("body-too-large", 1));
      case IntakeOutcome.Malformed malformed -> List.of(new Rejection("malformed-json", 1));
      case IntakeOutcome.BatchNotAllowed batch -> List.of(new Rejection("batch-not-allowed", 1));
      case IntakeOutcome.BatchTooLarge large ->
          List.of(new Rejection("batch-too-large", large.events()));
      case IntakeOutcome.Forbidden forbidden ->
          List.of(new Rejection("forbidden", forbidden.events()));
      case IntakeOutcome.SignatureNotAlone notAlone ->
          List.of(new Rejection("signature-in-batch", notAlone.events()));
      case IntakeOutcome.SigningTokenStale stale ->
          List.of(new Rejection("reauthentication-required", 1));
      case IntakeOutcome.SigningTokenReused reused ->
          List.of(new Rejection("signing-token-reused", 1));
      case IntakeOutcome.Invalid invalid -> perEvent(invalid.results());
      case IntakeOutcome.Unavailable unavailable -> perEvent(unavailable.results());
      case IntakeOutcome.SigningLedgerUnavailable unavailable -> List.of();
      case IntakeOutcome.Accepted accepted -> List.of();
      case IntakeOutcome.Decided decided -> List.of();
      case IntakeOutcome.Undecided undecided -> List.of();
    };
  }

  /** One per bad field of a refused event, one per event Kafka did not take. */
  private static List<Rejection> perEvent(IntakeOutcome.Results results) {
    List<Rejection> rejections = new ArrayList<>();
    for (IntakeOutcome.Item item : results.items()) {
      switch (item) {
        case IntakeOutcome.Item.Stored stored -> {}
        case IntakeOutcome.Item.NotConfirmed notConfirmed ->
            rejections.add(new Rejection("kafka-unavailable", 1));
        case IntakeOutcome.Item.Refused refused ->
            refused.errors().forEach(e -> rejections.add(new Rejection(reason(e), 1)));
      }
    }
    return rejections;
  }

  private static String reason(FieldError error) {
    if (error.message().startsWith("unknown plant")) {
      return "unknown-plant";
    }
    if (error.message().startsWith("unknown station")) {
      return "unknown-station";
    }
    if (error.message().startsWith("unknown payload type")) {
      return "unknown-payload-type";
    }
    return "invalid-field";
  }
}
