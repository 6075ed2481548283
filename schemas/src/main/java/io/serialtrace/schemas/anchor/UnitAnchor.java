package io.serialtrace.schemas.anchor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a unit's stored record hashes against the checkpoints: every record the gate appended is a
 * leaf of a signed checkpoint, so a record rewritten where it is stored — even with every hash
 * recomputed — disagrees with its leaf. Used by trace-api and by the offline verifier alike.
 *
 * <p>The chain check (content → recordHash, prevHash linkage) is separate; this check says whether
 * the hashes the chain ends in are the ones the gate signed.
 */
public final class UnitAnchor {

  private UnitAnchor() {}

  /** A stored record's position and hash. */
  public record StoredHash(long seq, String recordHash) {}

  /** The outcome. */
  public sealed interface Verdict {
    /** Whether every stored record is in a checkpoint and matches it. */
    default boolean anchored() {
      return this instanceof Anchored;
    }
  }

  /** Every stored record matches its leaf in a verified checkpoint. */
  public record Anchored(List<String> checkpointIds) implements Verdict {}

  /**
   * The first seq whose stored hash differs from the one a verified checkpoint signed (or which is
   * missing from the store).
   */
  public record Disagrees(long seq, String checkpointId, String reason) implements Verdict {}

  /**
   * No disagreement, but the records from {@code seq} on are in no verified checkpoint yet
   * (appended after the last checkpoint, or their checkpoint is missing or unverifiable).
   */
  public record NotYetAnchored(long seq, List<String> checkpointIds) implements Verdict {}

  /**
   * The verdict for {@code stored} (a unit's records, any order) given {@code proofs} of its
   * leaves; proofs that do not verify with {@code keys} anchor nothing.
   */
  public static Verdict check(
      String serial, List<StoredHash> stored, List<InclusionProof> proofs, KeyRing keys) {
    Map<Long, InclusionProof> anchoredBySeq = new TreeMap<>();
    for (InclusionProof proof : proofs) {
      if (proof.serial().equals(serial) && proof.verifies(keys)) {
        anchoredBySeq.putIfAbsent(proof.seq(), proof);
      }
    }
    // Every stored copy of a seq counts: a second row for one seq must match the signed hash too.
    Map<Long, List<String>> storedBySeq = new TreeMap<>();
    stored.forEach(
        s -> storedBySeq.computeIfAbsent(s.seq(), k -> new ArrayList<>()).add(s.recordHash()));
    TreeSet<Long> seqs = new TreeSet<>(storedBySeq.keySet());
    seqs.addAll(anchoredBySeq.keySet());
    List<String> checkpointIds =
        anchoredBySeq.values().stream().map(p -> p.checkpoint().checkpointId()).distinct().toList();
    // A disagreement anywhere outweighs a gap, so it is looked for first.
    for (long seq : seqs) {
      InclusionProof anchor = anchoredBySeq.get(seq);
      if (anchor == null) {
        continue;
      }
      List<String> hashes = storedBySeq.getOrDefault(seq, List.of());
      String checkpointId = anchor.checkpoint().checkpointId();
      if (hashes.isEmpty()) {
        return new Disagrees(
            seq, checkpointId, "seq " + seq + " is anchored but missing from the stored record");
      }
      if (!hashes.stream().allMatch(anchor.recordHash()::equals)) {
        return new Disagrees(
            seq,
            checkpointId,
            "stored recordHash of seq "
                + seq
                + " differs from the one checkpoint "
                + checkpointId
                + " signed");
      }
    }
    for (long seq : seqs) {
      if (!anchoredBySeq.containsKey(seq)) {
        return new NotYetAnchored(seq, checkpointIds);
      }
    }
    return new Anchored(checkpointIds);
  }
}
