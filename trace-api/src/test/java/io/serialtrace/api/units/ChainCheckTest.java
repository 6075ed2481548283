package io.serialtrace.api.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChainCheckTest {
  static final String G = ChainCheck.GENESIS;
  static final String H1 = "1".repeat(64);
  static final String H2 = "2".repeat(64);
  static final String H3 = "3".repeat(64);

  static ChainCheck.Link link(long seq, String prev, String hash) {
    return new ChainCheck.Link(seq, prev, hash, new ContentCheck.Matches());
  }

  static List<ChainCheck.Link> chain() {
    return List.of(link(1, G, H1), link(2, H1, H2), link(3, H2, H3));
  }

  @Test
  void linkedChainIsIntactAndMatchesThePublishedHead() {
    ChainCheck check = ChainCheck.verify(chain(), Optional.of(H3));
    assertThat(check.intact()).isTrue();
    assertThat(check.head()).isEqualTo(H3);
    assertThat(check.headMatchesPublishedHead()).contains(true);
  }

  @Test
  void missingSeqBreaksTheChainWhereItIsFound() {
    ChainCheck check = ChainCheck.verify(List.of(chain().get(0), chain().get(2)), Optional.empty());
    assertThat(check.intact()).isFalse();
    assertThat(check.brokenAtSeq()).contains(3L);
    assertThat(check.reason().orElseThrow()).contains("expected seq 2");
  }

  @Test
  void alteredPrevHashBreaksTheChain() {
    List<ChainCheck.Link> links = List.of(chain().get(0), link(2, H3, H2));
    ChainCheck check = ChainCheck.verify(links, Optional.empty());
    assertThat(check.brokenAtSeq()).contains(2L);
    assertThat(check.reason().orElseThrow()).contains("recordHash of seq 1");
  }

  @Test
  void firstRecordMustStartFromGenesis() {
    ChainCheck check = ChainCheck.verify(List.of(link(1, H1, H2)), Optional.empty());
    assertThat(check.reason().orElseThrow()).contains("genesis");
  }

  @Test
  void headDifferentFromThePublishedOneIsReported() {
    ChainCheck check = ChainCheck.verify(chain().subList(0, 2), Optional.of(H3));
    assertThat(check.intact()).isFalse();
    assertThat(check.headMatchesPublishedHead()).contains(false);
  }

  @Test
  void malformedHashIsReported() {
    ChainCheck check = ChainCheck.verify(List.of(link(1, G, "not-a-hash")), Optional.empty());
    assertThat(check.reason().orElseThrow()).contains("64 lowercase hex");
  }

  @Test
  void everyRecordWithMatchingContentIsFullyVerified() {
    ChainCheck check = ChainCheck.verify(chain(), Optional.empty());

    assertThat(check.contentVerified()).isEqualTo(3);
    assertThat(check.fullyVerified()).isTrue();
    assertThat(check.covers()).contains("recomputed", "event_avro");
  }

  @Test
  void contentThatDoesNotMatchItsHashBreaksTheChainAtItsSeq() {
    // 1. Linkage intact, but seq 2's content was edited.
    List<ChainCheck.Link> links =
        List.of(
            chain().get(0),
            new ChainCheck.Link(
                2, H1, H2, new ContentCheck.Mismatch("column station differs from the hashed")),
            chain().get(2));

    // 2. Broken at 2, the column named.
    ChainCheck check = ChainCheck.verify(links, Optional.empty());
    assertThat(check.intact()).isFalse();
    assertThat(check.fullyVerified()).isFalse();
    assertThat(check.brokenAtSeq()).contains(2L);
    assertThat(check.reason().orElseThrow()).contains("tampered", "column station");
    assertThat(check.contentVerified()).isEqualTo(1);
  }

  @Test
  void rowsWithoutEventBytesBeforeTheSinkStoredThemKeepLinkageButAreNotFullyVerified() {
    // 1. seq 1 stored before the sink kept event bytes, seq 2 after.
    List<ChainCheck.Link> links =
        List.of(new ChainCheck.Link(1, G, H1, new ContentCheck.NotStored()), chain().get(1));

    ChainCheck check = ChainCheck.verify(links, Optional.empty());

    assertThat(check.intact()).isTrue();
    assertThat(check.contentVerified()).isEqualTo(1);
    assertThat(check.fullyVerified()).isFalse();
  }

  @Test
  void aRowWithoutEventBytesAfterOneWithThemBreaksTheChainAtItsSeq() {
    // 1. seq 1 has its bytes, seq 2 has none: sinks never stop storing them, so they were removed.
    List<ChainCheck.Link> links =
        List.of(chain().get(0), new ChainCheck.Link(2, H1, H2, new ContentCheck.NotStored()));

    ChainCheck check = ChainCheck.verify(links, Optional.empty());

    assertThat(check.intact()).isFalse();
    assertThat(check.brokenAtSeq()).contains(2L);
    assertThat(check.reason().orElseThrow()).contains("event bytes missing", "seq 1");
  }

  @Test
  void twoDifferentRowsForOneSeqAreTamperingAtThatSeq() {
    // 1. seq 2 stored twice with different content (an insert of a modified copy).
    List<ChainCheck.Link> links =
        List.of(
            chain().get(0),
            chain().get(1),
            new ChainCheck.Link(
                2, H1, H2, new ContentCheck.Mismatch("column actor differs from the hashed")),
            chain().get(2));

    // 2. Broken at 2 as tampering, never intact; three records, seq 2 named.
    ChainCheck check = ChainCheck.verify(links, Optional.of(H3));
    assertThat(check.intact()).isFalse();
    assertThat(check.brokenAtSeq()).contains(2L);
    assertThat(check.reason().orElseThrow()).contains("different rows", "seq 2", "tampered");
    assertThat(check.tamperedSeqs()).containsExactly(2L);
    assertThat(check.records()).isEqualTo(3);
  }

  @Test
  void tamperingIsListedEvenWhenAnEarlierSeqBreaksFirst() {
    // 1. seq 1 does not start from genesis, seq 2 stored twice.
    List<ChainCheck.Link> links =
        List.of(
            link(1, H3, H1),
            chain().get(1),
            new ChainCheck.Link(2, H1, H2, new ContentCheck.Mismatch("column actor")));

    ChainCheck check = ChainCheck.verify(links, Optional.empty());

    assertThat(check.brokenAtSeq()).contains(1L);
    assertThat(check.reason().orElseThrow()).contains("genesis");
    assertThat(check.tamperedSeqs()).containsExactly(2L);
  }

  @Test
  void anIntactChainListsNoTampering() {
    assertThat(ChainCheck.verify(chain(), Optional.empty()).tamperedSeqs()).isEmpty();
  }
}
