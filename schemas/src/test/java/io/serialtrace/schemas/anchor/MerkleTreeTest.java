package io.serialtrace.schemas.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MerkleTreeTest {

  private static List<byte[]> leaves(int n) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(i -> MerkleTree.leafHash("SN-" + i, i, "a".repeat(64)))
        .toList();
  }

  @Test
  void theRootOfTwoLeavesIsTheNodeHashOfBoth() throws Exception {
    // 1. two leaves
    List<byte[]> leaves = leaves(2);

    // 2. the RFC 9162 node hash written out by hand
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update((byte) 1);
    sha.update(leaves.get(0));
    sha.update(leaves.get(1));

    assertThat(MerkleTree.root(leaves)).isEqualTo(sha.digest());
    assertThat(MerkleTree.root(leaves.subList(0, 1))).isEqualTo(leaves.get(0));
  }

  @Test
  void aLeafHashIsTheDomainSeparatedHashOfTheLengthPrefixedRecord() throws Exception {
    // 0x00, length 4, "SN-1", seq 1, 64 × 'a'
    byte[] bytes =
        HexFormat.of()
            .parseHex("00" + "00000004" + "534e2d31" + "0000000000000001" + "61".repeat(64));
    assertThat(MerkleTree.leafHash("SN-1", 1, "a".repeat(64)))
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 7, 8, 13, 64, 100})
  void everyLeafsAuditPathLeadsToTheRoot(int size) {
    List<byte[]> leaves = leaves(size);
    byte[] root = MerkleTree.root(leaves);
    for (int i = 0; i < size; i++) {
      assertThat(
              MerkleTree.verifyInclusion(
                  leaves.get(i), i, size, MerkleTree.auditPath(leaves, i), root))
          .as("leaf %d of %d", i, size)
          .isTrue();
    }
  }

  @Test
  void aProofFailsForAnotherLeafAnotherIndexOrAnotherSize() {
    List<byte[]> leaves = leaves(7);
    byte[] root = MerkleTree.root(leaves);
    List<byte[]> path = MerkleTree.auditPath(leaves, 4);

    assertThat(MerkleTree.verifyInclusion(leaves.get(4), 4, 7, path, root)).isTrue();
    assertThat(MerkleTree.verifyInclusion(leaves.get(3), 4, 7, path, root)).isFalse();
    assertThat(MerkleTree.verifyInclusion(leaves.get(4), 5, 7, path, root)).isFalse();
    assertThat(MerkleTree.verifyInclusion(leaves.get(4), 4, 6, path, root)).isFalse();
    assertThat(MerkleTree.verifyInclusion(leaves.get(4), 7, 7, path, root)).isFalse();
  }

  @Test
  void changingOneLeafChangesTheRoot() {
    List<byte[]> leaves = new ArrayList<>(leaves(5));
    byte[] before = MerkleTree.root(leaves);
    leaves.set(2, MerkleTree.leafHash("SN-3", 3, "b".repeat(64)));
    assertThat(MerkleTree.root(leaves)).isNotEqualTo(before);
  }
}
