package io.serialtrace.ingest.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serialtrace.ingest.decision.DecisionAnswer;
import io.serialtrace.ingest.decision.DecisionText;
import io.serialtrace.ingest.security.Caller;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.support.http.Problem;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The gate's decision as a station reads it. For a REJECTED event it is also an RFC 9457 problem
 * (type, title, status, detail) so clients can treat it like any other refusal. Its words are
 * {@link DecisionText}'s: nothing about another plant's unit, and HOLD said as HOLD.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record DecisionBody(
    String type,
    String title,
    int status,
    String detail,
    UUID eventId,
    String serial,
    String decision,
    List<ViolationCode> reasons,
    List<String> messages,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Holder> componentHolders,
    OptionalLong recordSeq,
    boolean redelivered) {

  /**
   * A unit a reused component is still installed in, of a plant the caller sees.
   *
   * @param unitSerial the unit's serial
   * @param plant its plant
   */
  public record Holder(String unitSerial, String plant) {}

  /** The decision as {@code caller} may read it. */
  public static DecisionBody of(GateDecision decision, Caller caller) {
    int status = DecisionAnswer.status(decision);
    boolean accepted = DecisionAnswer.accepted(decision);
    boolean retryable = DecisionAnswer.retryable(decision);
    return new DecisionBody(
        accepted
            ? "about:blank"
            : retryable
                ? IngestProblemType.CLAIM_UNAVAILABLE.uri()
                : IngestProblemType.GATE_REJECTED.uri(),
        accepted
            ? "Accepted by the gate"
            : retryable ? IngestProblemType.CLAIM_UNAVAILABLE.title() : "Refused by the gate",
        status,
        DecisionText.detail(decision),
        decision.getEventId(),
        decision.getSerial(),
        decision.getDecision().name(),
        List.copyOf(decision.getReasons()),
        DecisionText.messages(decision),
        DecisionText.visibleHolders(decision, caller).stream()
            .map(h -> new Holder(h.getUnitSerial(), h.getPlant()))
            .toList(),
        decision.getRecordSeq() == null
            ? OptionalLong.empty()
            : OptionalLong.of(decision.getRecordSeq()),
        decision.getRedelivered());
  }

  public String mediaType() {
    return status == 200 ? "application/json" : Problem.MEDIA_TYPE;
  }
}
