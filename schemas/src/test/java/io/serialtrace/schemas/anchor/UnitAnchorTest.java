package io.serialtrace.schemas.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.schemas.AnchorLeaf;
import io.serialtrace.schemas.RecordCheckpoint;
import io.serialtrace.schemas.anchor.UnitAnchor.StoredHash;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class UnitAnchorTest {
  private static final KeyPair KEY = SigningKeys.generate();
  private static final KeyRing RING = new KeyRing(Map.of("k1", KEY.getPublic()));
  private static final String SERIAL = "SN-1";

  private static String hash(long seq) {
    return Long.toHexString(seq).repeat(64).substring(0, 64);
  }

  private static List<StoredHash> stored(long count) {
    return LongStream.rangeClosed(1, count).mapToObj(s -> new StoredHash(s, hash(s))).toList();
  }

  /** A checkpoint of seqs from..to of SN-1, beside another unit's record. */
  private static List<InclusionProof> anchored(long sequence, long from, long to) {
    List<AnchorLeaf> leaves = new ArrayList<>();
    LongStream.rangeClosed(from, to).forEach(s -> leaves.add(new AnchorLeaf(SERIAL, s, hash(s))));
    leaves.add(new AnchorLeaf("SN-OTHER", 1L, "f".repeat(64)));
    RecordCheckpoint checkpoint =
        Checkpoints.sign(
            0,
            sequence,
            CheckpointStatement.FIRST_PREVIOUS_ROOT,
            Instant.EPOCH,
            Instant.EPOCH,
            leaves,
            "k1",
            KEY.getPrivate());
    return Checkpoints.proofsFor(checkpoint, SERIAL);
  }

  @Test
  void aRecordWhoseEveryHashIsInACheckpointIsAnchored() {
    List<InclusionProof> proofs = new ArrayList<>(anchored(1, 1, 3));
    proofs.addAll(anchored(2, 4, 5));

    assertThat(UnitAnchor.check(SERIAL, stored(5), proofs, RING))
        .isEqualTo(new UnitAnchor.Anchored(List.of("p0-1", "p0-2")));
  }

  @Test
  void aRewrittenRecordNamesTheFirstSeqThatDisagrees() {
    // seq 3 rewritten and every later hash recomputed
    List<StoredHash> rewritten = new ArrayList<>(stored(2));
    LongStream.rangeClosed(3, 5).forEach(s -> rewritten.add(new StoredHash(s, "9".repeat(64))));

    UnitAnchor.Verdict verdict = UnitAnchor.check(SERIAL, rewritten, anchored(1, 1, 5), RING);

    assertThat(verdict).isInstanceOf(UnitAnchor.Disagrees.class);
    assertThat(((UnitAnchor.Disagrees) verdict).seq()).isEqualTo(3);
    assertThat(((UnitAnchor.Disagrees) verdict).checkpointId()).isEqualTo("p0-1");
    assertThat(verdict.anchored()).isFalse();
  }

  @Test
  void aSecondStoredCopyOfASeqThatDiffersDisagreesWhicheverComesFirst() {
    List<StoredHash> withForgedCopy = new ArrayList<>(stored(3));
    withForgedCopy.add(new StoredHash(2, "9".repeat(64)));

    assertThat(UnitAnchor.check(SERIAL, withForgedCopy, anchored(1, 1, 3), RING))
        .isInstanceOf(UnitAnchor.Disagrees.class)
        .extracting(v -> ((UnitAnchor.Disagrees) v).seq())
        .isEqualTo(2L);
  }

  @Test
  void aDeletedAnchoredRecordDisagrees() {
    UnitAnchor.Verdict verdict = UnitAnchor.check(SERIAL, stored(3), anchored(1, 1, 5), RING);

    assertThat(verdict).isInstanceOf(UnitAnchor.Disagrees.class);
    assertThat(((UnitAnchor.Disagrees) verdict).seq()).isEqualTo(4);
  }

  @Test
  void recordsAfterTheLastCheckpointAreNotYetAnchored() {
    assertThat(UnitAnchor.check(SERIAL, stored(5), anchored(1, 1, 3), RING))
        .isEqualTo(new UnitAnchor.NotYetAnchored(4, List.of("p0-1")));
    assertThat(UnitAnchor.check(SERIAL, stored(2), List.of(), RING))
        .isEqualTo(new UnitAnchor.NotYetAnchored(1, List.of()));
  }

  @Test
  void aDisagreementAfterAGapIsStillReported() {
    List<InclusionProof> proofs = new ArrayList<>(anchored(1, 1, 2));
    proofs.addAll(anchored(3, 4, 5));
    List<StoredHash> rewritten = new ArrayList<>(stored(4));
    rewritten.add(new StoredHash(5, "9".repeat(64)));

    assertThat(UnitAnchor.check(SERIAL, rewritten, proofs, RING))
        .isInstanceOf(UnitAnchor.Disagrees.class)
        .extracting(v -> ((UnitAnchor.Disagrees) v).seq())
        .isEqualTo(5L);
  }

  @Test
  void proofsUnderAnUnknownKeyAnchorNothing() {
    KeyRing stranger = new KeyRing(Map.of("k1", SigningKeys.generate().getPublic()));

    assertThat(UnitAnchor.check(SERIAL, stored(3), anchored(1, 1, 3), stranger))
        .isEqualTo(new UnitAnchor.NotYetAnchored(1, List.of()));
  }
}
