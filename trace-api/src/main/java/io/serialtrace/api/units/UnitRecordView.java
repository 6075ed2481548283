package io.serialtrace.api.units;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.serialtrace.api.anchor.AnchorCheck;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * GET /v1/units/{serial}/record: the production record (DHR) in execution order, with violations
 * and dispositions, corrections linked to the originals they correct, the chain check, and the
 * anchor check against the gate's signed checkpoints. Every distinct stored row is an entry: a seq
 * with two different rows (tampering, see {@link ChainCheck#tamperedSeqs}) has two entries.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record UnitRecordView(
    UnitSummary unit,
    List<Entry> entries,
    List<ViolationView> violations,
    ChainCheck chain,
    AnchorCheck anchor) {

  /**
   * One accepted event. {@code payload} is the event's payload fields (Avro JSON as stored). {@code
   * corrects} is the seq of the entry a Correction corrects; {@code correctedBy} the seqs of the
   * corrections of this entry; {@code violationIds} the violations this event raised. {@code
   * contentCheck} says whether this record's hash recomputes from its stored content (MATCHES,
   * MISMATCH with {@code contentProblem} naming the hash or the column, also for a row whose event
   * bytes were removed, or NOT_STORED for a row written before the sink stored them), see {@link
   * ContentCheck}.
   */
  @JsonInclude(JsonInclude.Include.NON_ABSENT)
  public record Entry(
      long seq,
      String eventId,
      String type,
      Optional<String> stepId,
      String plant,
      String station,
      String actor,
      String actorType,
      Instant eventTime,
      Instant receivedTime,
      Instant recordedAt,
      long entryLagMillis,
      String source,
      String prevHash,
      String recordHash,
      String contentCheck,
      Optional<String> contentProblem,
      JsonNode payload,
      Optional<String> rawPayload,
      Optional<String> rawContentType,
      Optional<Long> corrects,
      List<Long> correctedBy,
      List<String> violationIds) {}
}
