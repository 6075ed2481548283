package io.serialtrace.schemas.anchor;

import io.serialtrace.schemas.RecordCheckpoint;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * What a checkpoint's signature covers, without its leaves: enough to verify an inclusion proof
 * offline. The signed bytes are, concatenated, each string as a 4-byte big-endian UTF-8 length then
 * its bytes and each number big-endian: the domain tag {@value #DOMAIN}, checkpointId, partition (4
 * bytes), sequence (8), previousRoot, intervalStart and intervalEnd (8 each, epoch microseconds),
 * leafCount (8), root, keyId. Signed with Ed25519 (RFC 8032).
 *
 * @param leafCount the number of leaves of the tree whose root is {@code root}
 * @param signature the Ed25519 signature over {@link #signedBytes()}
 */
public record CheckpointStatement(
    String checkpointId,
    int partition,
    long sequence,
    String previousRoot,
    Instant intervalStart,
    Instant intervalEnd,
    long leafCount,
    String root,
    String keyId,
    byte[] signature) {

  /** Separates these signatures from any other use of the key. */
  public static final String DOMAIN = "serialtrace-record-checkpoint-v1";

  /** The signature algorithm, as the JDK names it. */
  public static final String ALGORITHM = "Ed25519";

  /** previousRoot of a partition's first checkpoint. */
  public static final String FIRST_PREVIOUS_ROOT = "0".repeat(64);

  public CheckpointStatement {
    intervalStart = intervalStart.truncatedTo(ChronoUnit.MICROS);
    intervalEnd = intervalEnd.truncatedTo(ChronoUnit.MICROS);
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The statement of a checkpoint as published. */
  public static CheckpointStatement of(RecordCheckpoint checkpoint) {
    byte[] signature = new byte[checkpoint.getSignature().remaining()];
    checkpoint.getSignature().duplicate().get(signature);
    return new CheckpointStatement(
        checkpoint.getCheckpointId(),
        checkpoint.getPartition(),
        checkpoint.getSequence(),
        checkpoint.getPreviousRoot(),
        checkpoint.getIntervalStart(),
        checkpoint.getIntervalEnd(),
        checkpoint.getLeaves().size(),
        checkpoint.getRoot(),
        checkpoint.getKeyId(),
        signature);
  }

  /** This statement signed by {@code key} (its id is {@link #keyId()}). */
  public CheckpointStatement signedWith(PrivateKey key) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(signedBytes());
      return new CheckpointStatement(
          checkpointId,
          partition,
          sequence,
          previousRoot,
          intervalStart,
          intervalEnd,
          leafCount,
          root,
          keyId,
          signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with key " + keyId + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@link #signature()} is {@code key}'s signature over this statement. */
  public boolean signatureVerifies(PublicKey key) {
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(signedBytes());
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // a wrong key type or a malformed signature verifies nothing
    }
  }

  /** The root as bytes. */
  public byte[] rootBytes() {
    return HexFormat.of().parseHex(root);
  }

  /** The bytes the signature covers, in the order the class documentation lists them. */
  public byte[] signedBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      DataOutputStream out = new DataOutputStream(bytes);
      string(out, DOMAIN);
      string(out, checkpointId);
      out.writeInt(partition);
      out.writeLong(sequence);
      string(out, previousRoot);
      out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, intervalStart));
      out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, intervalEnd));
      out.writeLong(leafCount);
      string(out, root);
      string(out, keyId);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void string(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CheckpointStatement s
        && java.util.Arrays.equals(signedBytes(), s.signedBytes())
        && java.util.Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(signedBytes());
  }

  @Override
  public String toString() {
    return "CheckpointStatement[" + checkpointId + ", root " + root + ", key " + keyId + "]";
  }
}
