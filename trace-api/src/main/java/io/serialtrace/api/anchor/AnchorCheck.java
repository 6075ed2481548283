package io.serialtrace.api.anchor;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serialtrace.schemas.anchor.UnitAnchor;
import java.util.List;
import java.util.Optional;

/**
 * Whether a unit's stored record is the one the gate signed: each stored recordHash against its
 * leaf in a verified checkpoint ({@link UnitAnchor}). {@code anchored} is true only when every
 * record is in a checkpoint and matches it. {@code status}: ANCHORED; DISAGREES — {@code
 * disagreesAtSeq} is the first seq whose stored hash differs from the one checkpoint {@code
 * checkpointId} signed (a rewrite in the database, hashes recomputed or not), or an anchored record
 * that is missing; NOT_YET_ANCHORED — {@code unanchoredFromSeq} is the first seq in no verified
 * checkpoint yet (appended within the last checkpoint interval, or its checkpoint is missing or
 * signed by an unknown key). {@code checkpointLog} says whether trace-api had read every checkpoint
 * published when it started (CURRENT) or was still reading them (CATCHING_UP): only a CURRENT
 * NOT_YET_ANCHORED is final for a record older than the interval.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record AnchorCheck(
    boolean anchored,
    String status,
    Optional<String> checkpointId,
    List<String> checkpointIds,
    Optional<Long> disagreesAtSeq,
    Optional<Long> unanchoredFromSeq,
    Optional<String> reason,
    String checkpointLog,
    String covers) {

  public static final String COVERS =
      "Checked: every stored recordHash against its leaf (serial, seq, recordHash) in a checkpoint"
          + " the gate signed (Ed25519, by key id) over a Merkle root of the records it appended"
          + " (RFC 9162 tree; recipe: io.serialtrace.schemas.anchor). Checkpoints live outside"
          + " ClickHouse, on a topic only the gate writes: a record rewritten in the database with"
          + " every hash recomputed disagrees here. Export with proofs: GET"
          + " /v1/units/{serial}/record/export.";

  /** The view of a verdict. */
  public static AnchorCheck of(UnitAnchor.Verdict verdict, CheckpointLog.State log) {
    return switch (verdict) {
      case UnitAnchor.Anchored a ->
          new AnchorCheck(
              true,
              "ANCHORED",
              a.checkpointIds().isEmpty()
                  ? Optional.empty()
                  : Optional.of(a.checkpointIds().getLast()),
              a.checkpointIds(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              log.name(),
              COVERS);
      case UnitAnchor.Disagrees d ->
          new AnchorCheck(
              false,
              "DISAGREES",
              Optional.of(d.checkpointId()),
              List.of(d.checkpointId()),
              Optional.of(d.seq()),
              Optional.empty(),
              Optional.of(d.reason()),
              log.name(),
              COVERS);
      case UnitAnchor.NotYetAnchored n ->
          new AnchorCheck(
              false,
              "NOT_YET_ANCHORED",
              n.checkpointIds().isEmpty()
                  ? Optional.empty()
                  : Optional.of(n.checkpointIds().getLast()),
              n.checkpointIds(),
              Optional.empty(),
              Optional.of(n.seq()),
              Optional.of("seq " + n.seq() + " and later are in no verified checkpoint yet"),
              log.name(),
              COVERS);
    };
  }
}
