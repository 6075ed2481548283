package io.serialtrace.ingest.intake;

import io.serialtrace.ingest.decision.PendingDecisions;
import io.serialtrace.ingest.event.EventBody;
import io.serialtrace.ingest.event.EventValidator;
import io.serialtrace.ingest.event.EventValidator.Validation;
import io.serialtrace.ingest.event.FieldError;
import io.serialtrace.ingest.event.PlantRegistry;
import io.serialtrace.ingest.intake.Envelope.Completion;
import io.serialtrace.ingest.intake.IntakeOutcome.Item;
import io.serialtrace.ingest.security.Caller;
import io.serialtrace.ingest.security.EventAuthorization;
import io.serialtrace.ingest.security.SigningTokens;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.ProductionEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The one intake policy behind every channel: limits → parse → complete, validate and authorize
 * each event → (a signature: a fresh, single-use signing token) → store in Kafka → (when the sender
 * waits) the gate's decision. Returns what became of the request as an {@link IntakeOutcome}; the
 * channel reacts to it. A request refused as a whole stores nothing; in a batch, the valid events
 * are stored even when others are invalid.
 */
public final class IntakePolicy {
  private static final Logger LOG = Logger.getLogger(IntakePolicy.class);

  /**
   * What events are checked against.
   *
   * @param plants the plants, stations and devices allowed to send
   * @param qualitySignerRoles signer roles only a {@code quality} token may sign in
   * @param maxAuthenticationAge longest time from the signer's authentication to the signature
   */
  public record Rules(
      PlantRegistry plants, Set<String> qualitySignerRoles, Duration maxAuthenticationAge) {}

  /** Where the gate's decisions come back to this instance. */
  public record Replies(String instanceId, PendingDecisions pending) {}

  private final Rules rules;
  private final EventStore store;
  private final SignatureCheck signatures;
  private final Replies replies;
  private final InstantSource clock;

  /**
   * @param blocking runs the blocking signing-token ledger, never on the caller's (event loop)
   *     thread
   * @param clock ingest's own clock, which stamps {@code receivedTime}
   */
  public IntakePolicy(
      Rules rules,
      EventStore store,
      SigningTokens signingTokens,
      Replies replies,
      Executor blocking,
      InstantSource clock) {
    this.rules = rules;
    this.store = store;
    this.signatures = new SignatureCheck(signingTokens, blocking, rules.maxAuthenticationAge());
    this.replies = replies;
    this.clock = clock;
  }

  /** Now, as {@code receivedTime} records it (microseconds, like the Avro field). */
  public Instant receivedNow() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  public CompletionStage<IntakeOutcome> submit(Submission submission) {
    IntakeLimits limits = submission.limits();
    byte[] body = submission.body();
    if (body.length > limits.maxBodyBytes()) {
      return done(new IntakeOutcome.BodyTooLarge(body.length, limits.maxBodyBytes()));
    }
    return switch (EventBody.read(body)) {
      case EventBody.Content.Malformed malformed ->
          done(new IntakeOutcome.Malformed(malformed.detail()));
      case EventBody.Content.Single single ->
          check(new Request(submission, List.of(single.item()), false));
      case EventBody.Content.Batch batch when limits.maxBatchSize().isEmpty() ->
          done(new IntakeOutcome.BatchNotAllowed());
      case EventBody.Content.Batch batch
          when batch.items().size() > limits.maxBatchSize().getAsInt() ->
          done(
              new IntakeOutcome.BatchTooLarge(
                  batch.items().size(), limits.maxBatchSize().getAsInt()));
      case EventBody.Content.Batch batch -> check(new Request(submission, batch.items(), true));
    };
  }

  /** A submission read into its events. */
  private record Request(Submission submission, List<EventBody.Item> items, boolean batch) {
    OptionalInt index(int position) {
      return batch ? OptionalInt.of(position) : OptionalInt.empty();
    }

    /** Only a single event is waited for. */
    Optional<Duration> decisionWait() {
      return batch ? Optional.empty() : submission.decisionWait();
    }
  }

  /** One event checked: its verdict, and what in it its sender may not claim. */
  private record Checked(Validation verdict, List<FieldError> forbidden) {}

  /**
   * Identity binding first, for the whole request: a foreign event anywhere in it stores nothing.
   */
  private CompletionStage<IntakeOutcome> check(Request request) {
    Submission submission = request.submission();
    EventValidator.Intake context =
        new EventValidator.Intake(submission.received(), submission.channel(), rules.plants());
    List<Validation> verdicts = new ArrayList<>();
    List<ItemError> forbidden = new ArrayList<>();
    for (int i = 0; i < request.items().size(); i++) {
      Checked checked = check(submission.sender(), request.items().get(i), context);
      verdicts.add(checked.verdict());
      forbidden.addAll(ItemError.all(request.index(i), checked.forbidden()));
    }
    if (!forbidden.isEmpty()) {
      return done(
          new IntakeOutcome.Forbidden(
              submission.sender().name(), request.batch(), verdicts.size(), forbidden));
    }
    return switch (submission.sender()) {
      case Sender.TokenHolder holder when signs(verdicts) ->
          sign(request, holder.caller(), verdicts);
      case Sender.TokenHolder holder -> storeAll(request, verdicts);
      case Sender.BrokerClient client -> storeAll(request, verdicts);
    };
  }

  private Checked check(Sender sender, EventBody.Item item, EventValidator.Intake context) {
    return switch (sender) {
      case Sender.TokenHolder holder -> {
        Validation verdict = EventValidator.validate(item.json(), item.raw(), context);
        yield new Checked(
            verdict,
            verdict instanceof Validation.Valid valid
                ? authorize(valid.event(), holder.caller())
                : List.of());
      }
      case Sender.BrokerClient client ->
          switch (client.envelope().complete(item.json())) {
            case Completion.Impersonation foreign ->
                new Checked(new Validation.Invalid(foreign.errors()), foreign.errors());
            case Completion.Refused refused ->
                new Checked(new Validation.Invalid(refused.errors()), List.of());
            case Completion.Completed completed ->
                new Checked(
                    EventValidator.validate(completed.event(), item.raw(), context), List.of());
          };
    };
  }

  private List<FieldError> authorize(ProductionEvent event, Caller caller) {
    return switch (EventAuthorization.check(
        event, caller, rules.plants(), rules.qualitySignerRoles())) {
      case EventAuthorization.Verdict.Allowed allowed -> List.of();
      case EventAuthorization.Verdict.Forbidden refused -> refused.errors();
    };
  }

  private static boolean signs(List<Validation> verdicts) {
    return verdicts.stream()
        .anyMatch(
            v ->
                v instanceof Validation.Valid valid
                    && EventAuthorization.isSignature(valid.event()));
  }

  /** One re-authentication, one signature: nothing else in the request. */
  private CompletionStage<IntakeOutcome> sign(
      Request request, Caller caller, List<Validation> verdicts) {
    if (verdicts.size() > 1) {
      return done(new IntakeOutcome.SignatureNotAlone(verdicts.size()));
    }
    ProductionEvent signature = ((Validation.Valid) verdicts.getFirst()).event();
    return signatures
        .check(caller, request.submission().received(), signature)
        .thenCompose(
            refused ->
                refused.map(IntakePolicy::done).orElseGet(() -> storeAll(request, verdicts)));
  }

  private CompletionStage<IntakeOutcome> storeAll(Request request, List<Validation> verdicts) {
    Submission submission = request.submission();
    List<CompletableFuture<Item>> items = new ArrayList<>(verdicts.size());
    Optional<CompletableFuture<GateDecision>> decision = Optional.empty();
    for (Validation verdict : verdicts) {
      switch (verdict) {
        case Validation.Invalid invalid ->
            items.add(CompletableFuture.completedFuture(new Item.Refused(invalid.errors())));
        case Validation.Valid valid -> {
          ProductionEvent event = valid.event();
          // 21 CFR 11.10(h): who submitted it, as authenticated, travels with the event.
          event.setPrincipal(submission.sender().principal());
          if (request.decisionWait().isPresent()) {
            // Registered before the send, so even an instant decision finds its waiter.
            event.setReplyTo(replies.instanceId());
            decision = Optional.of(replies.pending().expect(event.getEventId()));
          }
          items.add(store(event, submission.limits().kafkaAckTimeout()));
        }
      }
    }
    Optional<CompletableFuture<GateDecision>> awaited = decision;
    return CompletableFuture.allOf(items.toArray(CompletableFuture[]::new))
        .thenCompose(
            all -> {
              IntakeOutcome.Results results =
                  new IntakeOutcome.Results(
                      request.batch(), items.stream().map(CompletableFuture::join).toList());
              return outcome(results, awaited, request.decisionWait());
            });
  }

  private CompletionStage<IntakeOutcome> outcome(
      IntakeOutcome.Results results,
      Optional<CompletableFuture<GateDecision>> decision,
      Optional<Duration> wait) {
    List<Item.NotConfirmed> notConfirmed =
        results.items().stream()
            .filter(Item.NotConfirmed.class::isInstance)
            .map(Item.NotConfirmed.class::cast)
            .toList();
    if (!notConfirmed.isEmpty()) {
      // The sender was told "not confirmed": it retries with the same eventId and waits anew.
      notConfirmed.forEach(n -> replies.pending().forget(n.eventId()));
      return done(new IntakeOutcome.Unavailable(results));
    }
    if (results.items().stream().anyMatch(i -> i instanceof Item.Refused)) {
      return done(new IntakeOutcome.Invalid(results));
    }
    if (decision.isPresent()) {
      UUID eventId = results.accepted().getFirst().eventId();
      return decision
          .get()
          .copy()
          .orTimeout(wait.orElseThrow().toMillis(), TimeUnit.MILLISECONDS)
          .handle(
              (decided, failure) ->
                  failure == null
                      ? new IntakeOutcome.Decided(decided)
                      : new IntakeOutcome.Undecided(eventId, wait.orElseThrow()));
    }
    return done(new IntakeOutcome.Accepted(results.accepted()));
  }

  private CompletableFuture<Item> store(ProductionEvent event, Optional<Duration> ackTimeout) {
    UUID eventId = event.getEventId();
    CompletableFuture<Void> stored = store.store(event);
    // On a copy: the bound ends this sender's wait, not the publication, which may still be
    // acknowledged (and a retry of the same event then finds it stored).
    return ackTimeout
        .map(timeout -> stored.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS))
        .orElse(stored)
        .handle(
            (ok, failure) -> {
              if (failure == null) {
                return new Item.Stored(eventId);
              }
              Throwable cause = failure.getCause() == null ? failure : failure.getCause();
              String why =
                  cause instanceof TimeoutException
                      ? "Kafka did not acknowledge within " + inWords(ackTimeout.orElseThrow())
                      : "Kafka refused: " + cause.getMessage();
              LOG.warnf("Event %s not confirmed, the sender is told to retry: %s", eventId, why);
              return new Item.NotConfirmed(eventId, why);
            });
  }

  /** {@code 3 s}, {@code 500 ms}: as a station's log should show it. */
  static String inWords(Duration bound) {
    return bound.toMillis() % 1000 == 0 ? bound.toSeconds() + " s" : bound.toMillis() + " ms";
  }

  private static CompletionStage<IntakeOutcome> done(IntakeOutcome outcome) {
    return CompletableFuture.completedFuture(outcome);
  }
}
