package io.serialtrace.api.anchor;

import io.serialtrace.schemas.anchor.InclusionProof;
import io.serialtrace.schemas.anchor.UnitAnchor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** A unit's stored record hashes checked against the checkpoints read so far. */
@ApplicationScoped
public class RecordAnchors {
  private final CheckpointLog log;

  public RecordAnchors(CheckpointLog log) {
    this.log = log;
  }

  /** The anchor verdict for the stored {@code hashes} of {@code serial}. */
  public AnchorCheck check(String serial, List<UnitAnchor.StoredHash> hashes) {
    return AnchorCheck.of(
        UnitAnchor.check(serial, hashes, log.proofs(serial), log.keys()), log.state());
  }

  /** The inclusion proofs of {@code serial}'s records, for an export. */
  public List<InclusionProof> proofs(String serial) {
    return log.proofs(serial);
  }
}
