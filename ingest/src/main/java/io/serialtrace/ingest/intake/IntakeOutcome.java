package io.serialtrace.ingest.intake;

import io.serialtrace.ingest.event.FieldError;
import io.serialtrace.schemas.GateDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * What became of one request or message, as {@link IntakePolicy} decided it. Each channel reacts to
 * it in its own way: HTTP answers it ({@code IntakeAnswers}), MQTT acknowledges, dead-letters or
 * logs it ({@code MqttIntake}).
 */
public sealed interface IntakeOutcome {

  /** The body is larger than the channel accepts; nothing was read. */
  record BodyTooLarge(int bytes, long maxBytes) implements IntakeOutcome {}

  /** Not JSON, or JSON that is neither an event object nor a non-empty array. */
  record Malformed(String detail) implements IntakeOutcome {}

  /** A batch on a channel that carries one event per message. */
  record BatchNotAllowed() implements IntakeOutcome {}

  /** A batch longer than the channel accepts; refused whole. */
  record BatchTooLarge(int events, int maxEvents) implements IntakeOutcome {}

  /**
   * The sender may not submit some event of the request (identity binding, plants, role per
   * payload, or an impersonation on MQTT): nothing was stored.
   *
   * @param sender the sender in words (the token's subject, the MQTT principal)
   * @param batch whether the request was a batch
   * @param events how many events the request carried
   * @param errors every field that does not match the sender
   */
  record Forbidden(String sender, boolean batch, int events, List<ItemError> errors)
      implements IntakeOutcome {}

  /** An electronic signature in a request with other events: nothing was stored. */
  record SignatureNotAlone(int events) implements IntakeOutcome {}

  /**
   * The signing token does not show a re-authentication within {@code maxAge}, or has no id:
   * nothing was stored.
   */
  record SigningTokenStale(FieldError error, Duration maxAge) implements IntakeOutcome {}

  /** The signing token already signed another event: nothing was stored. */
  record SigningTokenReused(UUID usedFor, Duration maxAge) implements IntakeOutcome {}

  /** The signing token could not be recorded as used (PostgreSQL): nothing was stored. */
  record SigningLedgerUnavailable() implements IntakeOutcome {}

  /** Some events were refused as invalid; every other event was stored. */
  record Invalid(Results results) implements IntakeOutcome {}

  /**
   * Kafka did not confirm some event within the sender's bound; those under {@code accepted} were
   * stored. The others are not confirmed, not "not stored": an event may still land late, so the
   * sender retries with the same eventId (never a new one).
   */
  record Unavailable(Results results) implements IntakeOutcome {}

  /** Every event stored: Kafka acknowledged each one. */
  record Accepted(List<AcceptedEvent> accepted) implements IntakeOutcome {}

  /** The single event was stored and the gate decided on it within the sender's wait. */
  record Decided(GateDecision decision) implements IntakeOutcome {}

  /** The single event was stored; the gate had not decided when the sender's wait ended. */
  record Undecided(UUID eventId, Duration waited) implements IntakeOutcome {}

  /**
   * What became of each event of a request, in request order.
   *
   * @param batch whether the request was a batch (then errors carry the event's index)
   */
  record Results(boolean batch, List<Item> items) {
    public Results {
      items = List.copyOf(items);
    }

    /** The stored events with their positions. */
    public List<AcceptedEvent> accepted() {
      List<AcceptedEvent> accepted = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i) instanceof Item.Stored stored) {
          accepted.add(new AcceptedEvent(i, stored.eventId()));
        }
      }
      return accepted;
    }

    /** Every error of every event not stored or not confirmed, with its index in a batch. */
    public List<ItemError> errors() {
      List<ItemError> errors = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        OptionalInt index = batch ? OptionalInt.of(i) : OptionalInt.empty();
        switch (items.get(i)) {
          case Item.Stored stored -> {}
          case Item.NotConfirmed notConfirmed ->
              errors.add(
                  new ItemError(
                      index, "", Item.NotConfirmed.ANSWER + " (" + notConfirmed.reason() + ")"));
          case Item.Refused refused -> errors.addAll(ItemError.all(index, refused.errors()));
        }
      }
      return errors;
    }
  }

  /** What became of one event of a request. */
  sealed interface Item {
    /** Kafka acknowledged it. */
    record Stored(UUID eventId) implements Item {}

    /**
     * Valid, but Kafka did not acknowledge it within the bound: it may still land late, or never.
     * Only a retry with the same eventId settles it (ingest publishes it at most once while the
     * first attempt is open, and not again once Kafka took it).
     *
     * @param reason what Kafka did or did not say, for the answer
     */
    record NotConfirmed(UUID eventId, String reason) implements Item {
      /** What every answer says of such an event. */
      public static final String ANSWER = "not confirmed — retry with the same eventId";
    }

    /** Refused: every field that is wrong. */
    record Refused(List<FieldError> errors) implements Item {}
  }
}
