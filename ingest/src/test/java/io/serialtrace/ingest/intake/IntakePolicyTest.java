package io.serialtrace.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serialtrace.ingest.decision.PendingDecisions;
import io.serialtrace.ingest.event.FieldError;
import io.serialtrace.ingest.event.PlantRegistry;
import io.serialtrace.ingest.http.EventExamples;
import io.serialtrace.ingest.intake.Envelope.Completion;
import io.serialtrace.ingest.intake.IntakeOutcome.Item;
import io.serialtrace.ingest.security.Caller;
import io.serialtrace.ingest.security.IngestRoles;
import io.serialtrace.ingest.security.SigningTokens;
import io.serialtrace.schemas.EventSource;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GateOutcome;
import io.serialtrace.schemas.ProductionEvent;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The one intake policy with plain fakes: a Kafka that stores or fails, a ledger, a clock. */
class IntakePolicyTest {
  private static final Instant NOW = Instant.parse("2026-03-01T08:20:00.123456789Z");
  private static final PlantRegistry PLANTS =
      new PlantRegistry(
          Map.of("P1", Set.of("ST-010", "ST-060")),
          Map.of("P1", Map.of("torque-tool-7", "ST-010")));
  private static final Duration MAX_AGE = Duration.ofSeconds(120);
  private static final IntakeLimits HTTP =
      new IntakeLimits(10_000, OptionalInt.of(3), Optional.of(Duration.ofSeconds(15)));
  private static final IntakeLimits MQTT = IntakeLimits.mqtt(262_144);
  private static final Caller OPERATOR = caller("op-4711", IngestRoles.OPERATOR, NOW);
  private static final Caller SIGNER = caller("qa-0815", IngestRoles.QUALITY, NOW.minusSeconds(5));
  private static final UUID STEP_STARTED_ID =
      UUID.fromString("0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a02");

  /** Kafka as a fake: what it was given, and whether it acknowledges. */
  private final List<ProductionEvent> stored = new ArrayList<>();

  private CompletableFuture<Void> kafka = CompletableFuture.completedFuture(null);
  private SigningTokens ledger =
      (token, subject, eventId, sha256) -> new SigningTokens.Claim.Granted();
  private final PendingDecisions pending = new PendingDecisions(10);

  private IntakePolicy policy() {
    return new IntakePolicy(
        new IntakePolicy.Rules(PLANTS, Set.of("QUALITY_INSPECTOR"), MAX_AGE),
        event -> {
          stored.add(event);
          return kafka;
        },
        (token, subject, eventId, sha256) -> ledger.claim(token, subject, eventId, sha256),
        new IntakePolicy.Replies("ingest-test", pending),
        Runnable::run,
        InstantSource.fixed(NOW));
  }

  private IntakeOutcome submit(String body, Sender sender, IntakeLimits limits) {
    return submit(body, sender, limits, Optional.empty());
  }

  private IntakeOutcome submit(
      String body, Sender sender, IntakeLimits limits, Optional<Duration> wait) {
    IntakePolicy policy = policy();
    return policy
        .submit(
            new Submission(
                EventSource.HTTP,
                body.getBytes(StandardCharsets.UTF_8),
                policy.receivedNow(),
                limits,
                sender,
                wait))
        .toCompletableFuture()
        .join();
  }

  private static Caller caller(String subject, String role, Instant authenticated) {
    return new Caller(
        subject,
        Optional.of("Dana Weber"),
        Set.of(role),
        Set.of("P1"),
        Optional.of(authenticated),
        Optional.of("jti-" + subject));
  }

  private static Sender.TokenHolder holder(Caller caller) {
    return new Sender.TokenHolder(caller);
  }

  @Test
  void storesAValidEventWithTheSendersPrincipalAndIngestsReceiveTime() {
    IntakeOutcome outcome = submit(EventExamples.STEP_STARTED, holder(OPERATOR), HTTP);

    assertThat(outcome)
        .isEqualTo(new IntakeOutcome.Accepted(List.of(new AcceptedEvent(0, STEP_STARTED_ID))));
    assertThat(stored)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getPrincipal()).isEqualTo("jwt:op-4711");
              assertThat(event.getReceivedTime())
                  .isEqualTo(Instant.parse("2026-03-01T08:20:00.123456Z"));
              assertThat(event.getReplyTo()).isNull();
            });
  }

  @Test
  void refusesABodyOverTheLimitBeforeReadingIt() {
    IntakeLimits tiny = new IntakeLimits(10, OptionalInt.of(3), Optional.empty());

    IntakeOutcome outcome = submit(EventExamples.STEP_STARTED, holder(OPERATOR), tiny);

    assertThat(outcome).isInstanceOf(IntakeOutcome.BodyTooLarge.class);
    assertThat(((IntakeOutcome.BodyTooLarge) outcome).maxBytes()).isEqualTo(10);
    assertThat(stored).isEmpty();
  }

  @Test
  void refusesWhatIsNotJson() {
    assertThat(submit("{not json", holder(OPERATOR), HTTP))
        .isInstanceOf(IntakeOutcome.Malformed.class);
  }

  @Test
  void refusesABatchLongerThanTheLimitWhole() {
    String four =
        "["
            + String.join(
                ",",
                List.of(
                    EventExamples.STEP_STARTED,
                    EventExamples.STEP_STARTED,
                    EventExamples.STEP_STARTED,
                    EventExamples.STEP_STARTED))
            + "]";

    assertThat(submit(four, holder(OPERATOR), HTTP))
        .isEqualTo(new IntakeOutcome.BatchTooLarge(4, 3));
    assertThat(stored).isEmpty();
  }

  @Test
  void refusesAnMqttMessageOverTheMqttLimitBeforeReadingIt() {
    Sender device = new Sender.BrokerClient("mqtt:torque-tool-7", IntakePolicyTest::completed);
    IntakeLimits small = IntakeLimits.mqtt(100);
    String padded = EventExamples.MEASUREMENT_RECORDED + " ".repeat(100);

    assertThat(submit(padded, device, small))
        .isEqualTo(new IntakeOutcome.BodyTooLarge(padded.length(), 100));
    assertThat(stored).isEmpty();
  }

  @Test
  void refusesAnyBatchOnAChannelOfOneEventPerMessage() {
    Sender device = new Sender.BrokerClient("mqtt:ST-010", IntakePolicyTest::completed);

    assertThat(submit(EventExamples.BATCH, device, MQTT))
        .isInstanceOf(IntakeOutcome.BatchNotAllowed.class);
  }

  @Test
  void storesNothingOfABatchWithAnEventOfSomeoneElse() {
    // The operator sends their own StepStarted and the torque tool's reading.
    IntakeOutcome outcome =
        submit(
            "[" + EventExamples.STEP_STARTED + "," + EventExamples.MEASUREMENT_RECORDED + "]",
            holder(OPERATOR),
            HTTP);

    assertThat(outcome).isInstanceOf(IntakeOutcome.Forbidden.class);
    IntakeOutcome.Forbidden forbidden = (IntakeOutcome.Forbidden) outcome;
    assertThat(forbidden.sender()).isEqualTo("op-4711");
    assertThat(forbidden.events()).isEqualTo(2);
    assertThat(forbidden.errors()).isNotEmpty().allMatch(e -> e.index().equals(OptionalInt.of(1)));
    assertThat(stored).isEmpty();
  }

  @Test
  void storesTheValidEventsOfABatchAndNamesTheInvalidOnesByIndex() {
    String unknownStation = EventExamples.STEP_COMPLETED.replace("ST-010", "ST-999");

    IntakeOutcome outcome =
        submit(
            "[" + EventExamples.STEP_STARTED + "," + unknownStation + "]", holder(OPERATOR), HTTP);

    assertThat(outcome).isInstanceOf(IntakeOutcome.Invalid.class);
    IntakeOutcome.Results results = ((IntakeOutcome.Invalid) outcome).results();
    assertThat(results.accepted()).containsExactly(new AcceptedEvent(0, STEP_STARTED_ID));
    assertThat(results.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.index()).isEqualTo(OptionalInt.of(1));
              assertThat(e.field()).isEqualTo("station");
            });
    assertThat(stored).hasSize(1);
  }

  @Test
  void callsAnEventKafkaDidNotTakeNotConfirmedAndForgetsItsWaiter() {
    kafka = CompletableFuture.failedFuture(new IllegalStateException("broker down"));

    IntakeOutcome outcome =
        submit(
            EventExamples.STEP_STARTED, holder(OPERATOR), HTTP, Optional.of(Duration.ofSeconds(5)));

    assertThat(outcome).isInstanceOf(IntakeOutcome.Unavailable.class);
    assertThat(((IntakeOutcome.Unavailable) outcome).results().items())
        .singleElement()
        .isEqualTo(new Item.NotConfirmed(STEP_STARTED_ID, "Kafka refused: broker down"));
    assertThat(pending.lookup(STEP_STARTED_ID)).isEmpty();
  }

  @Test
  void callsAnEventKafkaDidNotAcknowledgeInTimeNotConfirmed() {
    kafka = new CompletableFuture<>();
    IntakeLimits impatient =
        new IntakeLimits(10_000, OptionalInt.of(3), Optional.of(Duration.ofMillis(50)));

    IntakeOutcome outcome = submit(EventExamples.STEP_STARTED, holder(OPERATOR), impatient);

    assertThat(((IntakeOutcome.Unavailable) outcome).results().errors())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.message())
                    .isEqualTo(
                        "not confirmed — retry with the same eventId (Kafka did not acknowledge"
                            + " within 50 ms)"));
  }

  @Test
  void answersWithTheGatesDecisionWhenTheSenderWaits() {
    GateDecision accepted =
        GateDecision.newBuilder()
            .setEventId(STEP_STARTED_ID)
            .setSerial("PUMP-A-000123")
            .setDecision(GateOutcome.ACCEPTED)
            .setReasons(List.of())
            .setMessages(List.of())
            .setDecidedAt(NOW)
            .setRedelivered(false)
            .build();
    // The gate decides the moment the event is stored.
    kafka = CompletableFuture.completedFuture(null).thenRun(() -> pending.decided(accepted));

    IntakeOutcome outcome =
        submit(
            EventExamples.STEP_STARTED, holder(OPERATOR), HTTP, Optional.of(Duration.ofSeconds(5)));

    assertThat(outcome).isEqualTo(new IntakeOutcome.Decided(accepted));
    assertThat(stored.getFirst().getReplyTo()).isEqualTo("ingest-test");
  }

  @Test
  void saysUndecidedWhenTheGateIsSlowerThanTheWait() {
    IntakeOutcome outcome =
        submit(
            EventExamples.STEP_STARTED, holder(OPERATOR), HTTP, Optional.of(Duration.ofMillis(50)));

    assertThat(outcome)
        .isEqualTo(new IntakeOutcome.Undecided(STEP_STARTED_ID, Duration.ofMillis(50)));
    assertThat(pending.lookup(STEP_STARTED_ID)).isPresent();
  }

  @Test
  void storesAFreshSignatureOnceTheLedgerGrantsItsToken() {
    IntakeOutcome outcome = submit(EventExamples.SIGNATURE_APPLIED, holder(SIGNER), HTTP);

    assertThat(outcome).isInstanceOf(IntakeOutcome.Accepted.class);
    assertThat(stored).hasSize(1);
  }

  @Test
  void refusesASignatureSentWithOtherEvents() {
    Caller both =
        new Caller(
            "qa-0815",
            Optional.of("Dana Weber"),
            Set.of(IngestRoles.QUALITY, IngestRoles.OPERATOR),
            Set.of("P1"),
            Optional.of(NOW),
            Optional.of("jti-1"));
    String stepStarted = EventExamples.STEP_STARTED.replace("op-4711", "qa-0815");

    IntakeOutcome outcome =
        submit("[" + stepStarted + "," + EventExamples.SIGNATURE_APPLIED + "]", holder(both), HTTP);

    assertThat(outcome).isEqualTo(new IntakeOutcome.SignatureNotAlone(2));
    assertThat(stored).isEmpty();
  }

  @Test
  void refusesASignatureWhoseSignerAuthenticatedTooLongAgo() {
    Caller stale = caller("qa-0815", IngestRoles.QUALITY, NOW.minus(MAX_AGE).minusSeconds(1));

    IntakeOutcome outcome = submit(EventExamples.SIGNATURE_APPLIED, holder(stale), HTTP);

    assertThat(outcome).isInstanceOf(IntakeOutcome.SigningTokenStale.class);
    assertThat(((IntakeOutcome.SigningTokenStale) outcome).error().field()).isEqualTo("auth_time");
    assertThat(stored).isEmpty();
  }

  @Test
  void checksAnAcknowledgementsSigningTokenLikeAnyOtherSignature() {
    String acknowledgement =
        EventExamples.ACKNOWLEDGEMENT
            .replace("qe-1001", "qa-0815")
            .replace("Sam Okafor", "Dana Weber")
            .replace("ST-090", "ST-060");
    Caller stale = caller("qa-0815", IngestRoles.QUALITY, NOW.minus(MAX_AGE).minusSeconds(1));

    IntakeOutcome fresh = submit(acknowledgement, holder(SIGNER), HTTP);
    IntakeOutcome tooOld = submit(acknowledgement, holder(stale), HTTP);

    assertThat(fresh).isInstanceOf(IntakeOutcome.Accepted.class);
    assertThat(tooOld).isInstanceOf(IntakeOutcome.SigningTokenStale.class);
    assertThat(stored).hasSize(1);
  }

  @Test
  void refusesASigningTokenThatAlreadySignedAnotherEvent() {
    UUID earlier = UUID.randomUUID();
    ledger = (token, subject, eventId, sha256) -> new SigningTokens.Claim.AlreadyUsed(earlier);

    IntakeOutcome outcome = submit(EventExamples.SIGNATURE_APPLIED, holder(SIGNER), HTTP);

    assertThat(outcome).isEqualTo(new IntakeOutcome.SigningTokenReused(earlier, MAX_AGE));
    assertThat(stored).isEmpty();
  }

  @Test
  void storesNoSignatureWhileTheLedgerCannotRecordItsToken() {
    ledger =
        (token, subject, eventId, sha256) -> {
          throw new SQLException("connection refused");
        };

    IntakeOutcome outcome = submit(EventExamples.SIGNATURE_APPLIED, holder(SIGNER), HTTP);

    assertThat(outcome).isInstanceOf(IntakeOutcome.SigningLedgerUnavailable.class);
    assertThat(stored).isEmpty();
  }

  @Test
  void treatsAnImpersonationOnMqttAsForbiddenAndRecordsTheTopicsPrincipalOtherwise() {
    Sender impostor =
        new Sender.BrokerClient(
            "mqtt:torque-tool-7",
            json -> new Completion.Impersonation(List.of(new FieldError("actor", "not me"))));
    Sender device = new Sender.BrokerClient("mqtt:torque-tool-7", IntakePolicyTest::completed);

    IntakeOutcome refused = submit(EventExamples.MEASUREMENT_RECORDED, impostor, MQTT);
    IntakeOutcome accepted = submit(EventExamples.MEASUREMENT_RECORDED, device, MQTT);

    assertThat(refused).isInstanceOf(IntakeOutcome.Forbidden.class);
    assertThat(accepted).isInstanceOf(IntakeOutcome.Accepted.class);
    assertThat(stored)
        .singleElement()
        .satisfies(e -> assertThat(e.getPrincipal()).isEqualTo("mqtt:torque-tool-7"));
  }

  @Test
  void refusesWhatTheMqttEnvelopeCannotComplete() {
    Sender station =
        new Sender.BrokerClient(
            "mqtt:ST-010",
            json -> new Completion.Refused(List.of(new FieldError("plant", "must match"))));

    IntakeOutcome outcome = submit(EventExamples.STEP_STARTED, station, MQTT);

    assertThat(((IntakeOutcome.Invalid) outcome).results().errors())
        .containsExactly(new ItemError(OptionalInt.empty(), "plant", "must match"));
  }

  /** An envelope with nothing to add: the event as sent. */
  private static Completion completed(JsonNode json) {
    return new Completion.Completed(((ObjectNode) json).deepCopy());
  }
}
