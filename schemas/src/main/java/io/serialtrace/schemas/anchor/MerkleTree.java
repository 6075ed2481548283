package io.serialtrace.schemas.anchor;

import io.serialtrace.schemas.AnchorLeaf;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of a record checkpoint: the one recipe the gate builds a root with and trace-api
 * and the offline verifier check inclusion with.
 *
 * <h2>The recipe</h2>
 *
 * The tree of RFC 9162 (Certificate Transparency 2.0), section 2.1, with SHA-256:
 *
 * <ul>
 *   <li>leaf hash = SHA-256(0x00 ‖ leaf bytes), where the leaf bytes are the serial's UTF-8 length
 *       as a 4-byte big-endian integer, the serial's UTF-8 bytes, seq as an 8-byte big-endian
 *       integer and the recordHash's 64 lowercase hex characters as US-ASCII (the prefix layout of
 *       {@code RecordHasher});
 *   <li>node hash = SHA-256(0x01 ‖ left ‖ right); a tree of n &gt; 1 leaves splits at the largest
 *       power of two smaller than n; the root of one leaf is its leaf hash; of no leaf, SHA-256 of
 *       nothing;
 *   <li>an inclusion proof (audit path) is the list of sibling hashes from the leaf up, verified by
 *       RFC 9162 section 2.1.3.2.
 * </ul>
 *
 * Hashes are written as 64 lowercase hex characters on the wire.
 */
public final class MerkleTree {
  private static final byte LEAF = 0x00;
  private static final byte NODE = 0x01;

  private MerkleTree() {}

  /** The leaf hash of one appended record. */
  public static byte[] leafHash(String serial, long seq, String recordHash) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(LEAF);
      byte[] serialBytes = serial.getBytes(StandardCharsets.UTF_8);
      out.writeInt(serialBytes.length);
      out.write(serialBytes);
      out.writeLong(seq);
      out.write(recordHash.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return sha256().digest(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] leafHash(AnchorLeaf leaf) {
    return leafHash(leaf.getSerial(), leaf.getSeq(), leaf.getRecordHash());
  }

  /** The leaf hashes of {@code leaves}, in their order. */
  public static List<byte[]> leafHashes(List<AnchorLeaf> leaves) {
    return leaves.stream().map(MerkleTree::leafHash).toList();
  }

  /** The root over {@code leafHashes} (MTH of RFC 9162). */
  public static byte[] root(List<byte[]> leafHashes) {
    if (leafHashes.isEmpty()) {
      return sha256().digest();
    }
    return subtreeRoot(leafHashes, 0, leafHashes.size());
  }

  /** The audit path of leaf {@code index}: sibling hashes from the leaf up (PATH of RFC 9162). */
  public static List<byte[]> auditPath(List<byte[]> leafHashes, int index) {
    if (index < 0 || index >= leafHashes.size()) {
      throw new IllegalArgumentException(
          "leaf " + index + " is not in a tree of " + leafHashes.size());
    }
    List<byte[]> path = new ArrayList<>();
    collectPath(leafHashes, index, 0, leafHashes.size(), path);
    return List.copyOf(path);
  }

  /**
   * Whether {@code auditPath} proves that {@code leafHash} is leaf {@code index} of a tree of
   * {@code size} leaves with root {@code root} (RFC 9162 section 2.1.3.2).
   */
  public static boolean verifyInclusion(
      byte[] leafHash, long index, long size, List<byte[]> auditPath, byte[] root) {
    if (index < 0 || index >= size) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : auditPath) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = node(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = node(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(r, root);
  }

  private static byte[] subtreeRoot(List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return leaves.get(from);
    }
    int k = split(n);
    return node(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
  }

  private static void collectPath(
      List<byte[]> leaves, int index, int from, int to, List<byte[]> path) {
    int n = to - from;
    if (n == 1) {
      return;
    }
    int k = split(n);
    if (index - from < k) {
      collectPath(leaves, index, from, from + k, path);
      path.add(subtreeRoot(leaves, from + k, to));
    } else {
      collectPath(leaves, index, from + k, to, path);
      path.add(subtreeRoot(leaves, from, from + k));
    }
  }

  /** The largest power of two smaller than {@code n} (n &gt; 1). */
  private static int split(int n) {
    return Integer.highestOneBit(n - 1);
  }

  private static byte[] node(byte[] left, byte[] right) {
    MessageDigest digest = sha256();
    digest.update(NODE);
    digest.update(left);
    digest.update(right);
    return digest.digest();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
