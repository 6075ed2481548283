package io.serialtrace.schemas.anchor;

import io.serialtrace.schemas.AnchorLeaf;
import io.serialtrace.schemas.RecordCheckpoint;
import java.nio.ByteBuffer;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** Making a signed checkpoint, checking one, and cutting inclusion proofs out of it. */
public final class Checkpoints {
  private static final HexFormat HEX = HexFormat.of();

  /** The order of a checkpoint's leaves: serial, then seq. */
  public static final Comparator<AnchorLeaf> LEAF_ORDER =
      Comparator.comparing(AnchorLeaf::getSerial).thenComparingLong(AnchorLeaf::getSeq);

  private Checkpoints() {}

  /** The id of a partition's checkpoint {@code sequence}: {@code p<partition>-<sequence>}. */
  public static String id(int partition, long sequence) {
    return "p" + partition + "-" + sequence;
  }

  /**
   * The checkpoint over {@code leaves} (any order; they are sorted), signed by {@code key} as
   * {@code keyId}.
   */
  public static RecordCheckpoint sign(
      int partition,
      long sequence,
      String previousRoot,
      Instant intervalStart,
      Instant intervalEnd,
      List<AnchorLeaf> leaves,
      String keyId,
      PrivateKey key) {
    List<AnchorLeaf> sorted = leaves.stream().sorted(LEAF_ORDER).toList();
    String root = HEX.formatHex(MerkleTree.root(MerkleTree.leafHashes(sorted)));
    CheckpointStatement statement =
        new CheckpointStatement(
                id(partition, sequence),
                partition,
                sequence,
                previousRoot,
                intervalStart,
                intervalEnd,
                sorted.size(),
                root,
                keyId,
                new byte[0])
            .signedWith(key);
    return RecordCheckpoint.newBuilder()
        .setCheckpointId(statement.checkpointId())
        .setPartition(partition)
        .setSequence(sequence)
        .setPreviousRoot(previousRoot)
        .setIntervalStart(statement.intervalStart())
        .setIntervalEnd(statement.intervalEnd())
        .setLeaves(new ArrayList<>(sorted))
        .setRoot(root)
        .setKeyId(keyId)
        .setSignature(ByteBuffer.wrap(statement.signature()))
        .build();
  }

  /**
   * Whether the checkpoint is genuine: its root recomputes from its leaves and its signature
   * verifies with the key {@code keys} hold for its keyId.
   */
  public static boolean verifies(RecordCheckpoint checkpoint, KeyRing keys) {
    CheckpointStatement statement = CheckpointStatement.of(checkpoint);
    byte[] root = MerkleTree.root(MerkleTree.leafHashes(checkpoint.getLeaves()));
    return Arrays.equals(root, statement.rootBytes()) && keys.signed(statement);
  }

  /** Inclusion proofs of every leaf of {@code serial} in {@code checkpoint}, in seq order. */
  public static List<InclusionProof> proofsFor(RecordCheckpoint checkpoint, String serial) {
    CheckpointStatement statement = CheckpointStatement.of(checkpoint);
    List<AnchorLeaf> leaves = checkpoint.getLeaves();
    List<byte[]> hashes = MerkleTree.leafHashes(leaves);
    List<InclusionProof> proofs = new ArrayList<>();
    for (int i = 0; i < leaves.size(); i++) {
      AnchorLeaf leaf = leaves.get(i);
      if (leaf.getSerial().equals(serial)) {
        proofs.add(
            new InclusionProof(
                serial,
                leaf.getSeq(),
                leaf.getRecordHash(),
                i,
                MerkleTree.auditPath(hashes, i).stream().map(HEX::formatHex).toList(),
                statement));
      }
    }
    return List.copyOf(proofs);
  }
}
