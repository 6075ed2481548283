package io.serialtrace.ingest.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serialtrace.ingest.decision.DecisionAnswer;
import io.serialtrace.ingest.decision.DecisionText;
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
    OptionalLong recordSeq,
    boolean redelivered) {

  public static DecisionBody of(GateDecision decision) {
    int status = DecisionAnswer.status(decision);
    boolean accepted = DecisionAnswer.accepted(decision);
    return new DecisionBody(
        accepted ? "about:blank" : IngestProblemType.GATE_REJECTED.uri(),
        accepted ? "Accepted by the gate" : "Refused by the gate",
        status,
        DecisionText.detail(decision),
        decision.getEventId(),
        decision.getSerial(),
        decision.getDecision().name(),
        List.copyOf(decision.getReasons()),
        DecisionText.messages(decision),
        decision.getRecordSeq() == null
            ? OptionalLong.empty()
            : OptionalLong.of(decision.getRecordSeq()),
        decision.getRedelivered());
  }

  public String mediaType() {
    return status == 200 ? "application/json" : Problem.MEDIA_TYPE;
  }
}
