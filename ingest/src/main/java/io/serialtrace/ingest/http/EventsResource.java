package io.serialtrace.ingest.http;

import io.serialtrace.ingest.config.IngestSettings;
import io.serialtrace.ingest.intake.IntakeLimits;
import io.serialtrace.ingest.intake.IntakePolicy;
import io.serialtrace.ingest.intake.Sender;
import io.serialtrace.ingest.intake.Submission;
import io.serialtrace.ingest.kafka.IngestMetrics;
import io.serialtrace.ingest.security.Caller;
import io.serialtrace.ingest.security.IngestRoles;
import io.serialtrace.schemas.EventSource;
import io.serialtrace.support.http.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /v1/events}: one event (a JSON object) or a batch (a JSON array), through the one
 * {@link IntakePolicy}, answered by {@link IntakeAnswers}. Answers 202 only after Kafka
 * acknowledged every stored event; with {@code Prefer: wait=N} it waits for the gate's decision on
 * a single event. Non-blocking: the answer is composed from Kafka's and the gate's futures.
 *
 * <p>Security (issue 9): a bearer token with role operator, device or quality; the token's holder
 * is the sender every event is checked against (identity binding, plants, role per payload, a fresh
 * single-use signing token for a signature) and whose principal each stored event records.
 */
@Path("/v1/events")
public class EventsResource {
  private final IntakePolicy policy;
  private final IngestSettings settings;
  private final IngestMetrics metrics;

  /** The verified bearer token of the current request (a request-scoped proxy). */
  private final JsonWebToken token;

  public EventsResource(
      IntakePolicy policy, IngestSettings settings, IngestMetrics metrics, JsonWebToken token) {
    this.policy = policy;
    this.settings = settings;
    this.metrics = metrics;
    this.token = token;
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
              schema = @Schema(type = SchemaType.OBJECT),
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
                @ExampleObject(name = "Acknowledgement", value = EventExamples.ACKNOWLEDGEMENT),
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
              + " ingest.signatures.max-authentication-age, or a reused signing token")
  @APIResponse(
      responseCode = "403",
      description =
          "The token's role, subject or plants do not allow the event (problem+json naming the"
              + " field); nothing was stored")
  @APIResponse(responseCode = "413", description = "Body or batch too large (problem+json)")
  @APIResponse(responseCode = "422", description = "Waited: refused by the route's rules")
  @APIResponse(
      responseCode = "503",
      description =
          "Kafka did not acknowledge, or (waited) the gate could not decide a component's"
              + " ownership in time: retry (problem+json, Retry-After)")
  public CompletionStage<Response> submit(
      byte[] body,
      @Parameter(description = "wait=N: wait up to N seconds for the gate's decision")
          @HeaderParam("Prefer")
          String prefer,
      @Parameter(description = "Same as Prefer: wait=N") @QueryParam("wait") Integer waitSeconds) {
    Caller caller = Caller.of(token);
    Submission submission =
        new Submission(
            EventSource.HTTP,
            body,
            policy.receivedNow(),
            IntakeLimits.of(settings.http()),
            new Sender.TokenHolder(caller),
            WaitPreference.of(
                Optional.ofNullable(prefer),
                Optional.ofNullable(waitSeconds),
                settings.decisions().maxWait()));
    return policy
        .submit(submission)
        .thenApply(
            outcome -> {
              HttpRejections.of(outcome)
                  .forEach(r -> metrics.rejected(EventSource.HTTP, r.reason(), r.events()));
              return IntakeAnswers.answer(outcome, caller).response();
            });
  }
}
