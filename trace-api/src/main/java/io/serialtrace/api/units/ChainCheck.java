package io.serialtrace.api.units;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The hash-chain verification of a stored record, recomputed here from the stored rows.
 *
 * <p>What it checks, per record in seq order, stopping at the first failure: seq counts 1, 2, 3…
 * without gaps or repeats; the hash is 64 lowercase hex digits; seq 1's prevHash is 64 zeros and
 * every later prevHash equals the recordHash stored before it; and the content ({@link
 * ContentCheck}): the recordHash recomputed with the gate's recipe (schemas {@code RecordHasher})
 * from the stored serial, seq, prevHash and event bytes, and every event column equal to what the
 * bytes say. For a closed unit, the last recordHash must equal the head the gate published in
 * UnitCompleted (units.record_head). A row stored without event bytes (before sink migration V003)
 * is checked for linkage only: {@code contentVerified} counts the records whose content was
 * recomputed, and {@code fullyVerified} is true only when that is every record and the chain is
 * intact; a row without bytes after one with bytes lost them (sinks store them from V003 on), and
 * breaks the chain. unit_records keeps every row ever written (sink migration V006): two different
 * rows for one seq mean an insert tried to replace a record, reported as tampering at that seq
 * ({@code tamperedSeqs} lists every such seq, whatever breaks first). {@link #COVERS} says so in
 * every answer.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ChainCheck(
    boolean intact,
    long records,
    String head,
    long contentVerified,
    boolean fullyVerified,
    Optional<Long> brokenAtSeq,
    Optional<String> reason,
    Optional<Boolean> headMatchesPublishedHead,
    List<Long> tamperedSeqs,
    String covers) {

  public static final String GENESIS = "0".repeat(64);

  public static final String COVERS =
      "Checked: seq continuity from 1, prevHash linkage to the previous recordHash (64 zeros for"
          + " seq 1), hash format, content — each recordHash recomputed as SHA-256 over serial,"
          + " seq, prevHash and the stored event bytes (unit_records.event_avro; recipe:"
          + " io.serialtrace.schemas.record.RecordHasher) and every event column compared with"
          + " what those bytes decode to — and the last recordHash against the head published at"
          + " completion. Not covered by the hash: route_product, route_revision, recorded_at."
          + " Records stored without event bytes (before sink migration V003) are checked for"
          + " linkage only; contentVerified counts the records whose content was recomputed. A"
          + " record written by a sink that stores event bytes (event_avro_stored), or after a"
          + " record that has them, must have them. Every stored row is compared: two different"
          + " rows for one seq are tampering (tamperedSeqs); identical copies (a redelivery) count"
          + " once.";

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  /** One stored link of the chain, with the check of its content. */
  public record Link(long seq, String prevHash, String recordHash, ContentCheck content) {}

  /**
   * Verifies {@code links}, every distinct stored row in seq order (different rows for one seq side
   * by side); {@code publishedHead} is units.record_head of a closed unit, empty while it is in
   * work.
   */
  public static ChainCheck verify(List<Link> links, Optional<String> publishedHead) {
    List<Long> tamperedSeqs = repeatedSeqs(links);
    long records = links.stream().mapToLong(Link::seq).distinct().count();
    String expectedPrev = GENESIS;
    long expectedSeq = 1;
    long contentVerified = 0;
    Optional<Long> lastWithBytes = Optional.empty();
    for (Link link : links) {
      if (tamperedSeqs.contains(link.seq())) {
        return broken(
            records,
            expectedPrev,
            contentVerified,
            link.seq(),
            "different rows are stored for seq "
                + link.seq()
                + " (tampered: an insert added a second version of a stored record; all are"
                + " listed)",
            tamperedSeqs);
      }
      if (link.seq() != expectedSeq) {
        return broken(
            records,
            expectedPrev,
            contentVerified,
            link.seq(),
            "expected seq "
                + expectedSeq
                + " but found "
                + link.seq()
                + (link.seq() > expectedSeq ? " (records missing)" : " (repeated or out of order)"),
            tamperedSeqs);
      }
      if (!HEX64.matcher(link.recordHash()).matches()) {
        return broken(
            records,
            expectedPrev,
            contentVerified,
            link.seq(),
            "recordHash is not 64 lowercase hex digits",
            tamperedSeqs);
      }
      if (!link.prevHash().equals(expectedPrev)) {
        return broken(
            records,
            expectedPrev,
            contentVerified,
            link.seq(),
            expectedSeq == 1
                ? "prevHash of seq 1 is not the genesis hash (64 zeros)"
                : "prevHash does not equal the recordHash of seq " + (expectedSeq - 1),
            tamperedSeqs);
      }
      switch (link.content()) {
        case ContentCheck.Matches m -> {
          contentVerified++;
          lastWithBytes = Optional.of(link.seq());
        }
        case ContentCheck.NotStored n -> {
          if (lastWithBytes.isPresent()) {
            return broken(
                records,
                expectedPrev,
                contentVerified,
                link.seq(),
                "event bytes missing although seq "
                    + lastWithBytes.get()
                    + " before it has them (removed after storage)",
                tamperedSeqs);
          }
          // Linkage only: counted out of contentVerified, so fullyVerified stays false.
        }
        case ContentCheck.Mismatch m -> {
          return broken(
              records,
              expectedPrev,
              contentVerified,
              link.seq(),
              "content does not match recordHash (tampered): " + m.reason(),
              tamperedSeqs);
        }
      }
      expectedPrev = link.recordHash();
      expectedSeq++;
    }
    Optional<Boolean> headMatches = publishedHead.map(expectedPrev::equals);
    if (headMatches.orElse(true)) {
      return new ChainCheck(
          true,
          records,
          expectedPrev,
          contentVerified,
          contentVerified == records,
          Optional.empty(),
          Optional.empty(),
          headMatches,
          tamperedSeqs,
          COVERS);
    }
    return new ChainCheck(
        false,
        records,
        expectedPrev,
        contentVerified,
        false,
        Optional.of(expectedSeq - 1),
        Optional.of(
            "the last recordHash differs from the head published at completion"
                + " (records after completion, or the end of the record is missing)"),
        headMatches,
        tamperedSeqs,
        COVERS);
  }

  /** The seqs that more than one (different) stored row claims, ascending. */
  private static List<Long> repeatedSeqs(List<Link> links) {
    return links.stream()
        .collect(Collectors.groupingBy(Link::seq, TreeMap::new, Collectors.counting()))
        .entrySet()
        .stream()
        .filter(e -> e.getValue() > 1)
        .map(Map.Entry::getKey)
        .toList();
  }

  private static ChainCheck broken(
      long count,
      String head,
      long contentVerified,
      long seq,
      String reason,
      List<Long> tamperedSeqs) {
    return new ChainCheck(
        false,
        count,
        head,
        contentVerified,
        false,
        Optional.of(seq),
        Optional.of(reason),
        Optional.empty(),
        tamperedSeqs,
        COVERS);
  }
}
