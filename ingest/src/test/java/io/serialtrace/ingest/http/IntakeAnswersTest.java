package io.serialtrace.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.ingest.event.FieldError;
import io.serialtrace.ingest.intake.AcceptedEvent;
import io.serialtrace.ingest.intake.IntakeOutcome;
import io.serialtrace.ingest.intake.IntakeOutcome.Item;
import io.serialtrace.ingest.intake.ItemError;
import io.serialtrace.ingest.security.Caller;
import io.serialtrace.schemas.ComponentHolder;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GateOutcome;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.support.http.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One test per intake outcome: its status, problem type, members and headers. */
class IntakeAnswersTest {
  private static final UUID ID = UUID.fromString("0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a02");
  private static final UUID OTHER = UUID.fromString("0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a03");
  private static final String PROBLEM = "urn:serialtrace:problem:";

  /** An operator of plant P4 (the plant of the events decided here). */
  private static final Caller CALLER = caller("operator", "P4");

  private static Caller caller(String role, String... plants) {
    return new Caller(
        "op-1", Optional.empty(), Set.of(role), Set.of(plants), Optional.empty(), Optional.empty());
  }

  private static Problem problemOf(HttpAnswer answer) {
    assertThat(answer.mediaType()).isEqualTo("application/problem+json");
    Problem problem = (Problem) answer.body();
    assertThat(problem.status()).isEqualTo(answer.status());
    return problem;
  }

  @Test
  void aBodyOverTheLimitIs413NamingBothSizes() {
    HttpAnswer answer = IntakeAnswers.answer(new IntakeOutcome.BodyTooLarge(2048, 1024), CALLER);

    assertThat(answer.status()).isEqualTo(413);
    Problem problem = problemOf(answer);
    assertThat(problem.type()).isEqualTo(PROBLEM + "body-too-large");
    assertThat(problem.detail()).contains("2048 bytes", "at most 1024");
  }

  @Test
  void malformedJsonIs400WithTheParsersWords() {
    HttpAnswer answer =
        IntakeAnswers.answer(new IntakeOutcome.Malformed("The body is empty."), CALLER);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(problemOf(answer).type()).isEqualTo(PROBLEM + "malformed-json");
    assertThat(problemOf(answer).detail()).isEqualTo("The body is empty.");
  }

  @Test
  void aBatchWhereNoneIsAllowedIs400() {
    HttpAnswer answer = IntakeAnswers.answer(new IntakeOutcome.BatchNotAllowed(), CALLER);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(problemOf(answer).type()).isEqualTo(PROBLEM + "bad-request");
  }

  @Test
  void aBatchOverTheLimitIs413() {
    HttpAnswer answer = IntakeAnswers.answer(new IntakeOutcome.BatchTooLarge(1001, 1000), CALLER);

    assertThat(answer.status()).isEqualTo(413);
    assertThat(problemOf(answer).detail()).contains("1001 events", "at most 1000");
  }

  @Test
  void aForbiddenEventIs403NamingThePrincipalAndEachField() {
    List<ItemError> errors = List.of(new ItemError(OptionalInt.of(1), "actor", "not yours"));

    HttpAnswer answer =
        IntakeAnswers.answer(new IntakeOutcome.Forbidden("op-1", true, 2, errors), CALLER);

    assertThat(answer.status()).isEqualTo(403);
    Problem problem = problemOf(answer);
    assertThat(problem.type()).isEqualTo(PROBLEM + "forbidden");
    assertThat(problem.detail()).contains("'op-1'", "every event of this batch", "nothing");
    assertThat(problem.extensions()).containsEntry("errors", errors);
  }

  @Test
  void aSignatureWithOtherEventsIs400NamingThePayloadType() {
    HttpAnswer answer = IntakeAnswers.answer(new IntakeOutcome.SignatureNotAlone(2), CALLER);

    assertThat(answer.status()).isEqualTo(400);
    Problem problem = problemOf(answer);
    assertThat(problem.type()).isEqualTo(PROBLEM + "invalid-event");
    assertThat((List<?>) problem.extensions().get("errors"))
        .singleElement()
        .extracting(e -> ((ItemError) e).field())
        .isEqualTo("payload.type");
  }

  @Test
  void aStaleSigningTokenIs401WithTheStepUpChallenge() {
    HttpAnswer answer =
        IntakeAnswers.answer(
            new IntakeOutcome.SigningTokenStale(
                new FieldError("auth_time", "authenticated 300 s ago"), Duration.ofSeconds(120)),
            CALLER);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(problemOf(answer).type()).isEqualTo(PROBLEM + "reauthentication-required");
    assertThat(answer.headers())
        .containsEntry(
            "WWW-Authenticate",
            "Bearer realm=\"serialtrace\", error=\"insufficient_user_authentication\","
                + " max_age=120");
    assertThat(problemOf(answer).extensions().get("errors"))
        .isEqualTo(
            List.of(new ItemError(OptionalInt.empty(), "auth_time", "authenticated 300 s ago")));
  }

  @Test
  void aReusedSigningTokenIs401NamingTheJtiAndTheEventItSigned() {
    HttpAnswer answer =
        IntakeAnswers.answer(
            new IntakeOutcome.SigningTokenReused(OTHER, Duration.ofSeconds(60)), CALLER);

    assertThat(answer.status()).isEqualTo(401);
    Problem problem = problemOf(answer);
    assertThat(problem.detail()).contains(OTHER.toString(), "Re-authenticate for each signature.");
    assertThat(((List<?>) problem.extensions().get("errors")))
        .singleElement()
        .extracting(e -> ((ItemError) e).field())
        .isEqualTo("jti");
    assertThat(answer.headers().get("WWW-Authenticate")).endsWith("max_age=60");
  }

  @Test
  void anUnavailableSigningLedgerIs503WithRetryAfter() {
    HttpAnswer answer = IntakeAnswers.answer(new IntakeOutcome.SigningLedgerUnavailable(), CALLER);

    assertThat(answer.status()).isEqualTo(503);
    assertThat(problemOf(answer).type()).isEqualTo(PROBLEM + "signing-ledger-unavailable");
    assertThat(answer.headers()).containsEntry("Retry-After", "5");
  }

  @Test
  void aBatchWithInvalidEventsIsPartiallyAcceptedListingBoth() {
    IntakeOutcome.Results results =
        new IntakeOutcome.Results(
            true,
            List.of(
                new Item.Stored(ID), new Item.Refused(List.of(new FieldError("serial", "blank")))));

    HttpAnswer answer = IntakeAnswers.answer(new IntakeOutcome.Invalid(results), CALLER);

    assertThat(answer.status()).isEqualTo(400);
    Problem problem = problemOf(answer);
    assertThat(problem.type()).isEqualTo(PROBLEM + "partially-accepted");
    assertThat(problem.detail())
        .isEqualTo("1 of 2 events refused (see errors[].index); 1 stored (see accepted).");
    assertThat(problem.extensions())
        .containsEntry("errors", List.of(new ItemError(OptionalInt.of(1), "serial", "blank")))
        .containsEntry("accepted", List.of(new AcceptedEvent(0, ID)));
  }

  @Test
  void aSingleInvalidEventIsAnInvalidEventProblem() {
    IntakeOutcome.Results results =
        new IntakeOutcome.Results(
            false, List.of(new Item.Refused(List.of(new FieldError("serial", "blank")))));

    HttpAnswer answer = IntakeAnswers.answer(new IntakeOutcome.Invalid(results), CALLER);

    Problem problem = problemOf(answer);
    assertThat(problem.type()).isEqualTo(PROBLEM + "invalid-event");
    assertThat(problem.extensions().get("errors"))
        .isEqualTo(List.of(new ItemError(OptionalInt.empty(), "serial", "blank")));
  }

  @Test
  void eventsKafkaDidNotConfirmAre503AskingForARetryWithTheSameEventId() {
    IntakeOutcome.Results results =
        new IntakeOutcome.Results(
            true,
            List.of(new Item.Stored(ID), new Item.NotConfirmed(OTHER, "Kafka refused: down")));

    HttpAnswer answer = IntakeAnswers.answer(new IntakeOutcome.Unavailable(results), CALLER);

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.headers()).containsEntry("Retry-After", "5");
    Problem problem = problemOf(answer);
    assertThat(problem.type()).isEqualTo(PROBLEM + "kafka-unavailable");
    assertThat(problem.detail())
        .startsWith("1 of 2 events not confirmed — retry with the same eventId")
        .doesNotContain("not stored");
    assertThat(problem.title()).contains("retry with the same eventIds");
    assertThat(problem.extensions())
        .containsEntry(
            "errors",
            List.of(
                new ItemError(
                    OptionalInt.of(1),
                    "",
                    "not confirmed — retry with the same eventId (Kafka refused: down)")))
        .containsEntry("accepted", List.of(new AcceptedEvent(0, ID)));
  }

  @Test
  void storedEventsAre202ListingEachOne() {
    List<AcceptedEvent> accepted = List.of(new AcceptedEvent(0, ID), new AcceptedEvent(1, OTHER));

    HttpAnswer answer = IntakeAnswers.answer(new IntakeOutcome.Accepted(accepted), CALLER);

    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.mediaType()).isEqualTo("application/json");
    assertThat(answer.body()).isEqualTo(Map.of("accepted", accepted));
    assertThat(answer.headers()).isEmpty();
  }

  @Test
  void aDecidedEventIsTheGatesDecision() {
    HttpAnswer accepted =
        IntakeAnswers.answer(new IntakeOutcome.Decided(decision(GateOutcome.ACCEPTED)), CALLER);
    HttpAnswer conflict =
        IntakeAnswers.answer(
            new IntakeOutcome.Decided(
                decision(GateOutcome.REJECTED, ViolationCode.STEP_OUT_OF_ORDER)),
            CALLER);

    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.mediaType()).isEqualTo("application/json");
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.mediaType()).isEqualTo("application/problem+json");
    assertThat(((DecisionBody) conflict.body()).type()).isEqualTo(PROBLEM + "gate-rejected");
  }

  @Test
  void aReissuedSerialIsRefusedWithTheCodeOnlyNotTheOtherUnitsStatusOrWorkOrder() {
    GateDecision duplicate =
        GateDecision.newBuilder(decision(GateOutcome.REJECTED, ViolationCode.DUPLICATE_SERIAL))
            .setMessages(
                List.of(
                    "Serial SN-1 already exists (IN_WORK, work order WO-P2-77): a reissued serial"))
            .build();

    DecisionBody body =
        (DecisionBody) IntakeAnswers.answer(new IntakeOutcome.Decided(duplicate), CALLER).body();

    assertThat(body.status()).isEqualTo(409);
    assertThat(body.reasons()).containsExactly(ViolationCode.DUPLICATE_SERIAL);
    assertThat(body.messages()).containsExactly("serial already in use");
    assertThat(body.detail()).isEqualTo("Production may not advance: serial already in use.");
    assertThat(body.toString()).doesNotContain("WO-P2-77", "IN_WORK");
  }

  @Test
  void aReusedComponentNamesItsHolderOnlyToACallerWhoSeesTheHoldersPlant() {
    GateDecision reuse =
        GateDecision.newBuilder(decision(GateOutcome.REJECTED, ViolationCode.COMPONENT_REUSED))
            .setMessages(
                List.of(
                    "Component C-9 is still installed in a unit of another plant; it must be"
                        + " removed there before it can be installed in SN-P4-1"))
            .setComponentHolders(List.of(new ComponentHolder("SN-P2-5", "P2")))
            .build();

    DecisionBody operatorOfP4 =
        (DecisionBody) IntakeAnswers.answer(new IntakeOutcome.Decided(reuse), CALLER).body();
    DecisionBody qualityOfP2AndP4 =
        (DecisionBody)
            IntakeAnswers.answer(new IntakeOutcome.Decided(reuse), caller("quality", "P2", "P4"))
                .body();

    assertThat(operatorOfP4.status()).isEqualTo(409);
    assertThat(operatorOfP4.messages())
        .singleElement()
        .satisfies(m -> assertThat(m).contains("C-9", "a unit of another plant"));
    assertThat(operatorOfP4.componentHolders()).isEmpty();
    assertThat(operatorOfP4.toString()).doesNotContain("SN-P2-5", "P2");
    assertThat(qualityOfP2AndP4.componentHolders())
        .containsExactly(new DecisionBody.Holder("SN-P2-5", "P2"));
  }

  @Test
  void anInstallationTheGateCouldNotDecideInTimeIs503WithRetryAfter() {
    GateDecision unavailable =
        GateDecision.newBuilder(decision(GateOutcome.REJECTED, ViolationCode.CLAIM_UNAVAILABLE))
            .setMessages(List.of("The gate could not confirm within PT5M that component C-9 …"))
            .build();

    HttpAnswer answer = IntakeAnswers.decided(unavailable, CALLER);

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.headers()).containsEntry("Retry-After", IntakeAnswers.RETRY_AFTER_SECONDS);
    DecisionBody body = (DecisionBody) answer.body();
    assertThat(body.type()).isEqualTo(PROBLEM + "claim-unavailable");
    assertThat(body.detail()).contains("Nothing was recorded").contains("Scan it again");
  }

  @Test
  void anAcceptedEventThatHoldsTheUnitSaysHoldAndListsTheOpenViolationsNotMayAdvance() {
    GateDecision hold =
        GateDecision.newBuilder(decision(GateOutcome.ACCEPTED, ViolationCode.TOLERANCE_BREACH))
            .setMessages(List.of("torque 13.1 Nm outside [11.5, 12.5]"))
            .setRecordSeq(7L)
            .build();

    DecisionBody body =
        (DecisionBody) IntakeAnswers.answer(new IntakeOutcome.Decided(hold), CALLER).body();

    assertThat(body.status()).isEqualTo(200);
    assertThat(body.detail())
        .doesNotContain("may advance")
        .contains("on HOLD")
        .contains("TOLERANCE_BREACH (torque 13.1 Nm outside [11.5, 12.5])");
  }

  @Test
  void aCleanAcceptanceMayAdvanceAndAnAcknowledgementSaysNothingWasAppended() {
    GateDecision clean =
        GateDecision.newBuilder(decision(GateOutcome.ACCEPTED)).setRecordSeq(8L).build();
    GateDecision acknowledged = decision(GateOutcome.ACCEPTED);

    assertThat(((DecisionBody) IntakeAnswers.decided(clean, CALLER).body()).detail())
        .isEqualTo("The event was appended to the unit's record; production may advance.");
    assertThat(((DecisionBody) IntakeAnswers.decided(acknowledged, CALLER).body()).detail())
        .isEqualTo("The notice was acknowledged; nothing was appended to the unit's record.");
  }

  @Test
  void anUndecidedEventIs202WithWhereToPollAndTheWaitApplied() {
    HttpAnswer answer =
        IntakeAnswers.answer(new IntakeOutcome.Undecided(ID, Duration.ofSeconds(3)), CALLER);

    String poll = "/v1/events/" + ID + "/decision";
    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.headers())
        .containsEntry("Location", poll)
        .containsEntry("Preference-Applied", "wait=3");
    assertThat(answer.body())
        .isEqualTo(
            Map.of(
                "accepted",
                List.of(new AcceptedEvent(0, ID)),
                "decision",
                "PENDING",
                "poll",
                poll));
  }

  private static GateDecision decision(GateOutcome outcome, ViolationCode... reasons) {
    return GateDecision.newBuilder()
        .setEventId(ID)
        .setSerial("SN-1")
        .setDecision(outcome)
        .setReasons(List.of(reasons))
        .setMessages(List.of(reasons).stream().map(Enum::name).toList())
        .setDecidedAt(Instant.EPOCH)
        .setRedelivered(false)
        .build();
  }
}
