package io.serialtrace.ingest.http;

import io.serialtrace.ingest.decision.DecisionListener;
import io.serialtrace.ingest.intake.ItemError;
import io.serialtrace.ingest.kafka.InstanceId;
import io.serialtrace.ingest.security.Caller;
import io.serialtrace.ingest.security.IngestRoles;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.support.http.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /v1/events/{eventId}/decision}: the gate's decision on an event this instance waited
 * for, after the wait of {@code POST /v1/events} ended first (its 202 names this as Location).
 */
@Path("/v1/events/{eventId}/decision")
public class DecisionResource {
  private final DecisionListener decisions;
  private final InstanceId instanceId;

  /** The verified bearer token of the current request (a request-scoped proxy). */
  private final JsonWebToken token;

  public DecisionResource(DecisionListener decisions, InstanceId instanceId, JsonWebToken token) {
    this.decisions = decisions;
    this.instanceId = instanceId;
    this.token = token;
  }

  @GET
  @RolesAllowed({IngestRoles.OPERATOR, IngestRoles.DEVICE, IngestRoles.QUALITY})
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "The gate's decision on an event this instance waited for",
      description =
          "200 ACCEPTED, 409/422 REJECTED, 503 + Retry-After when the gate could not decide a"
              + " component's ownership in time, 202 while pending, 404 when this instance does"
              + " not know the event (it was not sent here with a wait, or was forgotten).")
  public Response decision(@PathParam("eventId") String eventIdText) {
    UUID eventId;
    try {
      eventId = UUID.fromString(eventIdText);
    } catch (IllegalArgumentException e) {
      return IntakeAnswers.problem(
              Problem.of(IngestProblemType.BAD_REQUEST, "eventId must be a UUID")
                  .with(
                      "errors",
                      List.of(new ItemError(OptionalInt.empty(), "eventId", "must be a UUID"))))
          .response();
    }
    Optional<CompletableFuture<GateDecision>> known = decisions.pending().lookup(eventId);
    if (known.isEmpty()) {
      return IntakeAnswers.problem(
              Problem.of(
                  IngestProblemType.UNKNOWN_EVENT,
                  "No wait for event " + eventId + " is known to instance " + instanceId.value()))
          .response();
    }
    if (!known.get().isDone()) {
      return Response.accepted(Map.of("eventId", eventId, "decision", "PENDING")).build();
    }
    return IntakeAnswers.decided(known.get().join(), Caller.of(token)).response();
  }
}
