package io.serialtrace.schemas.anchor;

import java.util.HexFormat;
import java.util.List;

/**
 * Proof that the record ({@code serial}, {@code seq}, {@code recordHash}) is leaf {@code leafIndex}
 * of a signed checkpoint: the audit path (sibling hashes from the leaf up, hex) and the signed
 * statement. Checkable with the public key alone.
 */
public record InclusionProof(
    String serial,
    long seq,
    String recordHash,
    long leafIndex,
    List<String> auditPath,
    CheckpointStatement checkpoint) {

  public InclusionProof {
    auditPath = List.copyOf(auditPath);
  }

  /** Whether the checkpoint's signature verifies and the path leads from this leaf to its root. */
  public boolean verifies(KeyRing keys) {
    if (!keys.signed(checkpoint)) {
      return false;
    }
    try {
      HexFormat hex = HexFormat.of();
      return MerkleTree.verifyInclusion(
          MerkleTree.leafHash(serial, seq, recordHash),
          leafIndex,
          checkpoint.leafCount(),
          auditPath.stream().map(hex::parseHex).toList(),
          checkpoint.rootBytes());
    } catch (IllegalArgumentException e) {
      return false; // a path or root that is not hex proves nothing
    }
  }
}
