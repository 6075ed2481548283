package io.serialtrace.api.units;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hash-chain verification of a stored record, recomputed here from the stored rows.
 *
 * <p>What it checks: seq counts 1, 2, 3… without gaps or repeats; seq 1's prevHash is 64 zeros and
 * every later prevHash equals the recordHash stored before it; every hash is 64 lowercase hex
 * digits; and, for a closed unit, the last recordHash equals the head the gate published in
 * UnitCompleted (units.record_head). What it cannot check: that each recordHash is the SHA-256 of
 * its record's content. The gate's recipe (gating-streams RecordHasher) hashes the event's Avro
 * binary encoding, and the sink stores the event as fields plus Avro JSON text, not those bytes; so
 * an edit of a stored row's content that keeps its hashes would pass. {@link #COVERS} says so in
 * every answer.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ChainCheck(
    boolean intact,
    long records,
    String head,
    Optional<Long> brokenAtSeq,
    Optional<String> reason,
    Optional<Boolean> headMatchesPublishedHead,
    String covers) {

  public static final String GENESIS = "0".repeat(64);

  public static final String COVERS =
      "Checked: seq continuity from 1, prevHash linkage to the previous recordHash (64 zeros for"
          + " seq 1), hash format, and the last recordHash against the head published at"
          + " completion. Not checked: recomputing each recordHash from the record content — the"
          + " gate hashes the event's Avro binary encoding, which the store does not keep.";

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  /** One stored link of the chain. */
  public record Link(long seq, String prevHash, String recordHash) {}

  /**
   * Verifies {@code links} in seq order; {@code publishedHead} is units.record_head of a closed
   * unit, empty while it is in work.
   */
  public static ChainCheck verify(List<Link> links, Optional<String> publishedHead) {
    String expectedPrev = GENESIS;
    long expectedSeq = 1;
    for (Link link : links) {
      if (link.seq() != expectedSeq) {
        return broken(
            links.size(),
            expectedPrev,
            link.seq(),
            "expected seq "
                + expectedSeq
                + " but found "
                + link.seq()
                + (link.seq() > expectedSeq
                    ? " (records missing)"
                    : " (repeated or out of order)"));
      }
      if (!HEX64.matcher(link.recordHash()).matches()) {
        return broken(
            links.size(), expectedPrev, link.seq(), "recordHash is not 64 lowercase hex digits");
      }
      if (!link.prevHash().equals(expectedPrev)) {
        return broken(
            links.size(),
            expectedPrev,
            link.seq(),
            expectedSeq == 1
                ? "prevHash of seq 1 is not the genesis hash (64 zeros)"
                : "prevHash does not equal the recordHash of seq " + (expectedSeq - 1));
      }
      expectedPrev = link.recordHash();
      expectedSeq++;
    }
    Optional<Boolean> headMatches = publishedHead.map(expectedPrev::equals);
    if (headMatches.orElse(true)) {
      return new ChainCheck(
          true,
          links.size(),
          expectedPrev,
          Optional.empty(),
          Optional.empty(),
          headMatches,
          COVERS);
    }
    return new ChainCheck(
        false,
        links.size(),
        expectedPrev,
        Optional.of(expectedSeq - 1),
        Optional.of(
            "the last recordHash differs from the head published at completion"
                + " (records after completion, or the end of the record is missing)"),
        headMatches,
        COVERS);
  }

  private static ChainCheck broken(long count, String head, long seq, String reason) {
    return new ChainCheck(
        false, count, head, Optional.of(seq), Optional.of(reason), Optional.empty(), COVERS);
  }
}
