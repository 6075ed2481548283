package io.serialtrace.ingest.http;

import io.serialtrace.ingest.config.IngestSettings;
import io.serialtrace.ingest.decision.DecisionListener;
import io.serialtrace.ingest.event.EventBody;
import io.serialtrace.ingest.event.EventValidator;
import io.serialtrace.ingest.event.EventValidator.Validation;
import io.serialtrace.ingest.event.FieldError;
import io.serialtrace.ingest.event.PlantRegistry;
import io.serialtrace.ingest.kafka.EventIntake;
import io.serialtrace.ingest.kafka.IngestMetrics;
import io.serialtrace.ingest.kafka.InstanceId;
import io.serialtrace.ingest.security.Caller;
import io.serialtrace.ingest.security.EventAuthorization;
import io.serialtrace.ingest.security.IngestRoles;
import io.serialtrace.ingest.security.SigningFreshness;
import io.serialtrace.ingest.security.SigningTokenLedger;
import io.serialtrace.schemas.EventSource;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.ProductionEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * {@code POST /v1/events}: one event (a JSON object) or a batch (a JSON array). Answers 202 only
 * after Kafka acknowledged every stored event; with {@code Prefer: wait=N} it waits for the gate's
 * decision on a single event. Non-blocking: the answer is composed from Kafka's and the gate's
 * futures on the event loop.
 *
 * <p>Security (issue 9): a bearer token with role operator, device or quality; every event of the
 * request must pass {@link EventAuthorization} (identity binding, plants, role per payload) or
 * nothing is stored (403); a signature additionally needs a fresh, single-use signing token ({@link
 * SigningFreshness}, {@link SigningTokenLedger}), else 401 with a step-up challenge. The token's
 * principal is recorded on each stored event.
 */
@Path("/v1/events")
public class EventsResource {
  private static final Logger LOG = Logger.getLogger(EventsResource.class);
  private static final String RETRY_AFTER_SECONDS = "5";

  private final IngestSettings settings;
  private final EventIntake intake;
  private final IngestMetrics metrics;
  private final PlantRegistry registry;
  private final DecisionListener decisions;
  private final InstanceId instanceId;
  private final SigningTokenLedger ledger;
  private final Executor workers;

  /** The verified bearer token of the current request (a request-scoped proxy). */
  @Inject JsonWebToken token;

  public EventsResource(
      IngestSettings settings,
      EventIntake intake,
      IngestMetrics metrics,
      DecisionListener decisions,
      InstanceId instanceId,
      SigningTokenLedger ledger) {
    this.ledger = ledger;
    // The ledger is blocking JDBC: run it on a worker thread, never on the event loop.
    this.workers = Infrastructure.getDefaultWorkerPool();
    this.settings = settings;
    this.intake = intake;
    this.metrics = metrics;
    this.registry = PlantRegistry.of(settings.plants());
    this.decisions = decisions;
    this.instanceId = instanceId;
  }

  /** What became of one item of the request. */
  private sealed interface Outcome {
    record Stored(UUID eventId) implements Outcome {}

    record NotStored(UUID eventId, String reason) implements Outcome {}

    record Refused(List<FieldError> errors) implements Outcome {}
  }

  @POST
  @RolesAllowed({IngestRoles.OPERATOR, IngestRoles.DEVICE, IngestRoles.QUALITY})
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "Submit one production event or a batch",
      description =
          "202 with the stored event ids once Kafka acknowledged each one. Bad input: 400/413 as"
              + " application/problem+json naming each bad field (and its batch index). In a batch"
              + " the good events are stored all the same and listed under `accepted`. 503 when"
              + " Kafka does not acknowledge in time: retry with the same eventIds (the gate"
              + " ignores duplicates). With `Prefer: wait=N` (single event) the answer is the gate's"
              + " decision: 200 ACCEPTED, 409/422 REJECTED, or 202 + Location to poll.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema =
                  @Schema(
                      type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT),
              examples = {
                @ExampleObject(name = "UnitStarted", value = EventExamples.UNIT_STARTED),
                @ExampleObject(name = "StepStarted", value = EventExamples.STEP_STARTED),
                @ExampleObject(name = "ComponentScanned", value = EventExamples.COMPONENT_SCANNED),
                @ExampleObject(
                    name = "MeasurementRecorded",
                    value = EventExamples.MEASUREMENT_RECORDED),
                @ExampleObject(name = "SignatureApplied", value = EventExamples.SIGNATURE_APPLIED),
                @ExampleObject(name = "StepCompleted", value = EventExamples.STEP_COMPLETED),
                @ExampleObject(name = "ComponentRemoved", value = EventExamples.COMPONENT_REMOVED),
                @ExampleObject(name = "Disposition", value = EventExamples.DISPOSITION),
                @ExampleObject(name = "Correction", value = EventExamples.CORRECTION),
                @ExampleObject(name = "UnitScrapped", value = EventExamples.UNIT_SCRAPPED),
                @ExampleObject(name = "Batch", value = EventExamples.BATCH)
              }))
  @APIResponse(responseCode = "202", description = "Stored in Kafka (or decision still pending)")
  @APIResponse(responseCode = "200", description = "Waited: the gate accepted the event")
  @APIResponse(responseCode = "400", description = "Malformed or invalid input (problem+json)")
  @APIResponse(responseCode = "409", description = "Waited: refused, conflicts with unit state")
  @APIResponse(
      responseCode = "401",
      description =
          "No, an expired or an invalid bearer token; for a signature: no re-authentication within"
              + " trace.ingest.signatures.max-authentication-age, or a reused signing token")
  @APIResponse(
      responseCode = "403",
      description =
          "The token's role, subject or plants do not allow the event (problem+json naming the"
              + " field); nothing was stored")
  @APIResponse(responseCode = "413", description = "Body or batch too large (problem+json)")
  @APIResponse(responseCode = "422", description = "Waited: refused by the route's rules")
  @APIResponse(responseCode = "503", description = "Kafka did not acknowledge (problem+json)")
  public CompletionStage<Response> submit(
      byte[] body,
      @Parameter(description = "wait=N: wait up to N seconds for the gate's decision")
          @HeaderParam("Prefer")
          String prefer,
      @Parameter(description = "Same as Prefer: wait=N") @QueryParam("wait") Integer waitSeconds) {
    Instant received = intake.clock().instant().truncatedTo(ChronoUnit.MICROS);
    IngestSettings.Http limits = settings.http();
    if (body.length > limits.maxBodyBytes()) {
      metrics.rejected(EventSource.HTTP, "body-too-large", 1);
      return done(
          problem(
              Problem.of(
                  Problem.ProblemType.BODY_TOO_LARGE,
                  "The body has "
                      + body.length
                      + " bytes; at most "
                      + limits.maxBodyBytes()
                      + " are accepted. Split the batch.")));
    }
    List<EventBody.Item> items;
    boolean batch;
    switch (EventBody.read(body)) {
      case EventBody.Content.Malformed malformed -> {
        metrics.rejected(EventSource.HTTP, "malformed-json", 1);
        return done(problem(Problem.of(Problem.ProblemType.MALFORMED_JSON, malformed.detail())));
      }
      case EventBody.Content.Single single -> {
        items = List.of(single.item());
        batch = false;
      }
      case EventBody.Content.Batch many -> {
        items = many.items();
        batch = true;
      }
    }
    if (items.size() > limits.maxBatchSize()) {
      metrics.rejected(EventSource.HTTP, "batch-too-large", items.size());
      return done(
          problem(
              Problem.of(
                  Problem.ProblemType.BODY_TOO_LARGE,
                  "The batch has "
                      + items.size()
                      + " events; at most "
                      + limits.maxBatchSize()
                      + " are accepted.")));
    }
    Optional<Duration> wait =
        batch
            ? Optional.empty()
            : WaitPreference.of(
                Optional.ofNullable(prefer),
                Optional.ofNullable(waitSeconds),
                settings.decisions().maxWait());

    EventValidator.Intake context = new EventValidator.Intake(received, EventSource.HTTP, registry);
    List<Validation> verdicts = new ArrayList<>(items.size());
    for (EventBody.Item item : items) {
      verdicts.add(EventValidator.validate(item.json(), item.raw(), context));
    }
    Caller caller = Caller.of(token);
    // Identity binding first, for the whole request: a foreign event anywhere in it stores nothing.
    List<Problem.Error> forbidden = new ArrayList<>();
    boolean signs = false;
    for (int i = 0; i < verdicts.size(); i++) {
      if (!(verdicts.get(i) instanceof Validation.Valid valid)) {
        continue;
      }
      signs |= EventAuthorization.isSignature(valid.event());
      OptionalInt index = batch ? OptionalInt.of(i) : OptionalInt.empty();
      switch (EventAuthorization.check(
          valid.event(), caller, registry, settings.signatures().qualitySignerRoles())) {
        case EventAuthorization.Verdict.Allowed allowed -> {}
        case EventAuthorization.Verdict.Forbidden refused ->
            refused
                .errors()
                .forEach(e -> forbidden.add(new Problem.Error(index, e.field(), e.message())));
      }
    }
    if (!forbidden.isEmpty()) {
      metrics.rejected(EventSource.HTTP, "forbidden", items.size());
      return done(
          problem(
              Problem.of(
                      Problem.ProblemType.FORBIDDEN,
                      "The token's principal '"
                          + caller.subject()
                          + "' may not submit "
                          + (batch ? "every event of this batch" : "this event")
                          + "; nothing was stored.")
                  .withErrors(forbidden)));
    }
    if (signs && items.size() > 1) {
      metrics.rejected(EventSource.HTTP, "signature-in-batch", items.size());
      return done(
          problem(
              Problem.of(
                      Problem.ProblemType.INVALID_EVENT,
                      "An electronic signature is sent alone: one re-authentication, one"
                          + " signature. Nothing was stored.")
                  .withErrors(
                      List.of(
                          new Problem.Error(
                              OptionalInt.empty(),
                              "payload.type",
                              "SignatureApplied and Disposition are sent as the only event of"
                                  + " a request")))));
    }
    List<Validation> checked = List.copyOf(verdicts);
    if (!signs) {
      return storeAll(checked, caller, batch, wait);
    }
    ProductionEvent signature = ((Validation.Valid) checked.getFirst()).event();
    return switch (SigningFreshness.check(
        caller, received, settings.signatures().maxAuthenticationAge())) {
      case SigningFreshness.Verdict.Stale stale -> {
        metrics.rejected(EventSource.HTTP, "reauthentication-required", 1);
        yield done(reauthenticate(stale.error(), "Re-authenticate, then sign with the new token."));
      }
      case SigningFreshness.Verdict.Fresh fresh ->
          CompletableFuture.supplyAsync(() -> claim(fresh.tokenId(), caller, signature), workers)
              .handle(
                  (claim, failure) -> {
                    if (failure == null) {
                      return Optional.of(claim);
                    }
                    LOG.errorf(failure, "Signing token ledger unavailable");
                    return Optional.<SigningTokenLedger.Claim>empty();
                  })
              .thenCompose(
                  claimed ->
                      claimed.isEmpty()
                          ? done(
                              Response.status(503)
                                  .type(Problem.MEDIA_TYPE)
                                  .header("Retry-After", RETRY_AFTER_SECONDS)
                                  .entity(
                                      Problem.of(
                                          Problem.ProblemType.SIGNING_LEDGER_UNAVAILABLE,
                                          "PostgreSQL did not record the signing token; nothing"
                                              + " was stored. Retry with the same event and"
                                              + " token."))
                                  .build())
                          : proceedWithClaim(claimed.get(), checked, caller, batch, wait));
    };
  }

  private CompletionStage<Response> proceedWithClaim(
      SigningTokenLedger.Claim claim,
      List<Validation> checked,
      Caller caller,
      boolean batch,
      Optional<Duration> wait) {
    return switch (claim) {
      case SigningTokenLedger.Claim.Granted granted -> storeAll(checked, caller, batch, wait);
      case SigningTokenLedger.Claim.AlreadyUsed used -> {
        metrics.rejected(EventSource.HTTP, "signing-token-reused", 1);
        yield done(
            reauthenticate(
                new FieldError(
                    "jti",
                    "this signing token was already used for event "
                        + used.byEvent()
                        + "; a signing token signs once"),
                "Re-authenticate for each signature."));
      }
    };
  }

  private SigningTokenLedger.Claim claim(String tokenId, Caller caller, ProductionEvent signed) {
    try {
      byte[] raw = new byte[signed.getRawPayload().remaining()];
      signed.getRawPayload().duplicate().get(raw);
      String sha256 =
          java.util.HexFormat.of()
              .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(raw));
      return ledger.claim(tokenId, caller.subject(), signed.getEventId(), sha256);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    } catch (java.sql.SQLException e) {
      throw new java.util.concurrent.CompletionException(
          "Cannot record the signing token as used: " + e.getMessage(), e);
    }
  }

  /** 401 with the step-up challenge of RFC 9470: the caller knows to re-authenticate. */
  private Response reauthenticate(FieldError error, String detail) {
    return Response.status(401)
        .type(Problem.MEDIA_TYPE)
        .header(
            "WWW-Authenticate",
            ProblemMappers.CHALLENGE
                + ", error=\"insufficient_user_authentication\", max_age="
                + settings.signatures().maxAuthenticationAge().toSeconds())
        .entity(
            Problem.of(
                    Problem.ProblemType.REAUTHENTICATION_REQUIRED, error.message() + ". " + detail)
                .withErrors(
                    List.of(
                        new Problem.Error(OptionalInt.empty(), error.field(), error.message()))))
        .build();
  }

  private CompletionStage<Response> storeAll(
      List<Validation> verdicts, Caller caller, boolean batch, Optional<Duration> wait) {
    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>(verdicts.size());
    Optional<CompletableFuture<GateDecision>> decision = Optional.empty();
    for (Validation verdict : verdicts) {
      switch (verdict) {
        case Validation.Invalid invalid -> {
          invalid.errors().forEach(e -> metrics.rejected(EventSource.HTTP, reason(e), 1));
          outcomes.add(CompletableFuture.completedFuture(new Outcome.Refused(invalid.errors())));
        }
        case Validation.Valid valid -> {
          ProductionEvent event = valid.event();
          // 21 CFR 11.10(h): who submitted it, as authenticated, travels with the event.
          event.setPrincipal(caller.principal());
          if (wait.isPresent()) {
            // Registered before the send, so even an instant decision finds its waiter.
            event.setReplyTo(instanceId.value());
            decision = Optional.of(decisions.pending().expect(event.getEventId()));
          }
          outcomes.add(store(event));
        }
      }
    }
    Optional<CompletableFuture<GateDecision>> awaited = decision;
    return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
        .thenCompose(
            all -> {
              List<Outcome> results = outcomes.stream().map(CompletableFuture::join).toList();
              Response answer = answer(results, batch);
              if (answer.getStatus() == 202 && awaited.isPresent()) {
                UUID eventId = ((Outcome.Stored) results.getFirst()).eventId();
                return awaitDecision(eventId, awaited.get(), wait.orElseThrow());
              }
              if (answer.getStatus() != 202) {
                results.stream()
                    .filter(r -> r instanceof Outcome.NotStored)
                    .forEach(r -> decisions.pending().forget(((Outcome.NotStored) r).eventId()));
              }
              return CompletableFuture.completedFuture(answer);
            });
  }

  @GET
  @Path("/{eventId}/decision")
  @RolesAllowed({IngestRoles.OPERATOR, IngestRoles.DEVICE, IngestRoles.QUALITY})
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "The gate's decision on an event this instance waited for",
      description =
          "200 ACCEPTED, 409/422 REJECTED, 202 while pending, 404 when this instance does not know"
              + " the event (it was not sent here with a wait, or was forgotten).")
  public Response decision(@PathParam("eventId") String eventIdText) {
    UUID eventId;
    try {
      eventId = UUID.fromString(eventIdText);
    } catch (IllegalArgumentException e) {
      return problem(
          Problem.of(Problem.ProblemType.BAD_REQUEST, "eventId must be a UUID")
              .withErrors(
                  List.of(new Problem.Error(OptionalInt.empty(), "eventId", "must be a UUID"))));
    }
    Optional<CompletableFuture<GateDecision>> known = decisions.pending().lookup(eventId);
    if (known.isEmpty()) {
      return problem(
          Problem.of(
              Problem.ProblemType.UNKNOWN_EVENT,
              "No wait for event " + eventId + " is known to instance " + instanceId.value()));
    }
    if (!known.get().isDone()) {
      return Response.accepted(Map.of("eventId", eventId, "decision", "PENDING")).build();
    }
    return decisionResponse(known.get().join());
  }

  private CompletableFuture<Outcome> store(ProductionEvent event) {
    UUID eventId = event.getEventId();
    return intake
        .store(event)
        .orTimeout(settings.http().kafkaAckTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (ok, failure) -> {
              if (failure == null) {
                return new Outcome.Stored(eventId);
              }
              Throwable cause = failure.getCause() == null ? failure : failure.getCause();
              String why =
                  cause instanceof TimeoutException
                      ? "Kafka did not acknowledge within " + settings.http().kafkaAckTimeout()
                      : "Kafka refused: " + cause.getMessage();
              LOG.warnf("Event %s not stored: %s", eventId, why);
              metrics.rejected(EventSource.HTTP, "kafka-unavailable", 1);
              return new Outcome.NotStored(eventId, why);
            });
  }

  private static Response answer(List<Outcome> results, boolean batch) {
    List<AcceptedEvent> accepted = new ArrayList<>();
    List<Problem.Error> errors = new ArrayList<>();
    boolean kafkaFailed = false;
    for (int i = 0; i < results.size(); i++) {
      OptionalInt index = batch ? OptionalInt.of(i) : OptionalInt.empty();
      switch (results.get(i)) {
        case Outcome.Stored stored -> accepted.add(new AcceptedEvent(i, stored.eventId()));
        case Outcome.NotStored notStored -> {
          kafkaFailed = true;
          errors.add(new Problem.Error(index, "", "not stored: " + notStored.reason()));
        }
        case Outcome.Refused refused ->
            refused
                .errors()
                .forEach(e -> errors.add(new Problem.Error(index, e.field(), e.message())));
      }
    }
    if (kafkaFailed) {
      return Response.status(503)
          .type(Problem.MEDIA_TYPE)
          .header("Retry-After", RETRY_AFTER_SECONDS)
          .entity(
              Problem.of(
                      Problem.ProblemType.KAFKA_UNAVAILABLE,
                      (results.size() - accepted.size())
                          + " of "
                          + results.size()
                          + " events were not stored; those under 'accepted' were.")
                  .withErrors(errors)
                  .withAccepted(accepted))
          .build();
    }
    if (!errors.isEmpty()) {
      Problem.ProblemType type =
          batch && !accepted.isEmpty()
              ? Problem.ProblemType.PARTIALLY_ACCEPTED
              : Problem.ProblemType.INVALID_EVENT;
      String detail =
          batch
              ? (results.size() - accepted.size())
                  + " of "
                  + results.size()
                  + " events refused (see errors[].index); "
                  + accepted.size()
                  + " stored (see accepted)."
              : "The event was refused; see errors.";
      return problem(Problem.of(type, detail).withErrors(errors).withAccepted(accepted));
    }
    return Response.accepted(Map.of("accepted", accepted)).build();
  }

  private CompletionStage<Response> awaitDecision(
      UUID eventId, CompletableFuture<GateDecision> decision, Duration wait) {
    return decision
        .copy()
        .orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (decided, failure) -> {
              if (failure == null) {
                return decisionResponse(decided);
              }
              URI poll = URI.create("/v1/events/" + eventId + "/decision");
              return Response.accepted(
                      Map.of(
                          "accepted",
                          List.of(new AcceptedEvent(0, eventId)),
                          "decision",
                          "PENDING",
                          "poll",
                          poll.toString()))
                  // A relative reference (RFC 9110 allows it): location() would resolve it
                  // against the request, which is no longer in scope on the timer's thread.
                  .header("Location", poll.toString())
                  .header("Preference-Applied", "wait=" + wait.toSeconds())
                  .build();
            });
  }

  private static Response decisionResponse(GateDecision decision) {
    DecisionBody body = DecisionBody.of(decision);
    return Response.status(body.status()).type(body.mediaType()).entity(body).build();
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

  private static Response problem(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  private static CompletionStage<Response> done(Response response) {
    return CompletableFuture.completedFuture(response);
  }
}
