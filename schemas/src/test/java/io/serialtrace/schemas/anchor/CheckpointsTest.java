package io.serialtrace.schemas.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.schemas.AnchorLeaf;
import io.serialtrace.schemas.RecordCheckpoint;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00.123456Z");
  private static final KeyPair OLD = SigningKeys.generate();
  private static final KeyPair NEW = SigningKeys.generate();

  private static final List<AnchorLeaf> LEAVES =
      List.of(
          new AnchorLeaf("SN-2", 1L, "b".repeat(64)),
          new AnchorLeaf("SN-1", 2L, "c".repeat(64)),
          new AnchorLeaf("SN-1", 1L, "a".repeat(64)));

  private static RecordCheckpoint signed(String keyId, KeyPair pair) {
    return Checkpoints.sign(
        2,
        5,
        CheckpointStatement.FIRST_PREVIOUS_ROOT,
        START,
        START.plusSeconds(10),
        LEAVES,
        keyId,
        pair.getPrivate());
  }

  @Test
  void aSignedCheckpointSortsItsLeavesAndVerifiesWithItsKey() {
    RecordCheckpoint checkpoint = signed("k1", OLD);

    assertThat(checkpoint.getCheckpointId()).isEqualTo("p2-5");
    assertThat(checkpoint.getLeaves())
        .extracting(l -> l.getSerial() + "#" + l.getSeq())
        .containsExactly("SN-1#1", "SN-1#2", "SN-2#1");
    assertThat(Checkpoints.verifies(checkpoint, new KeyRing(Map.of("k1", OLD.getPublic()))))
        .isTrue();
  }

  @Test
  void aCheckpointSignedByAnotherKeyOrAnUnknownIdDoesNotVerify() {
    RecordCheckpoint checkpoint = signed("k1", OLD);

    assertThat(Checkpoints.verifies(checkpoint, new KeyRing(Map.of("k1", NEW.getPublic()))))
        .isFalse();
    assertThat(Checkpoints.verifies(checkpoint, new KeyRing(Map.of("k2", OLD.getPublic()))))
        .isFalse();
  }

  @Test
  void anEditedLeafOrStatementBreaksTheCheckpoint() {
    KeyRing ring = new KeyRing(Map.of("k1", OLD.getPublic()));
    RecordCheckpoint checkpoint = signed("k1", OLD);

    RecordCheckpoint leafEdited = RecordCheckpoint.newBuilder(checkpoint).build();
    leafEdited.getLeaves().set(0, new AnchorLeaf("SN-1", 1L, "d".repeat(64)));
    RecordCheckpoint rootReplaced =
        Checkpoints.sign(
            2,
            5,
            CheckpointStatement.FIRST_PREVIOUS_ROOT,
            START,
            START.plusSeconds(10),
            List.of(new AnchorLeaf("SN-1", 1L, "d".repeat(64))),
            "k1",
            NEW.getPrivate());
    RecordCheckpoint sequenceEdited =
        RecordCheckpoint.newBuilder(checkpoint).setSequence(6).build();

    assertThat(Checkpoints.verifies(leafEdited, ring)).isFalse();
    assertThat(Checkpoints.verifies(rootReplaced, ring)).isFalse();
    assertThat(Checkpoints.verifies(sequenceEdited, ring)).isFalse();
  }

  @Test
  void afterARotationCheckpointsOfTheOldKeyStillVerifyBesideThoseOfTheNewOne() {
    // 1. the gate signed with k1, then was given k2
    RecordCheckpoint before = signed("k1", OLD);
    RecordCheckpoint after = signed("k2", NEW);

    // 2. verifiers hold both public keys by id
    KeyRing ring = new KeyRing(Map.of("k1", OLD.getPublic(), "k2", NEW.getPublic()));

    assertThat(Checkpoints.verifies(before, ring)).isTrue();
    assertThat(Checkpoints.verifies(after, ring)).isTrue();
    // 3. and one that dropped k1 no longer trusts what k1 signed
    assertThat(Checkpoints.verifies(before, new KeyRing(Map.of("k2", NEW.getPublic())))).isFalse();
  }

  @Test
  void proofsCutFromACheckpointVerifyOfflineWithTheStatementAlone() {
    RecordCheckpoint checkpoint = signed("k1", OLD);
    KeyRing ring = new KeyRing(Map.of("k1", OLD.getPublic()));

    List<InclusionProof> proofs = Checkpoints.proofsFor(checkpoint, "SN-1");

    assertThat(proofs).extracting(InclusionProof::seq).containsExactly(1L, 2L);
    assertThat(proofs).allMatch(p -> p.verifies(ring));
    InclusionProof forged =
        new InclusionProof(
            "SN-1", 2, "e".repeat(64), 1, proofs.get(1).auditPath(), proofs.get(1).checkpoint());
    assertThat(forged.verifies(ring)).isFalse();
  }

  @Test
  void keysRoundTripThroughPemFiles(@TempDir Path dir) throws Exception {
    Path privatePem = Files.writeString(dir.resolve("k.pem"), SigningKeys.pem(OLD.getPrivate()));
    Path publicPem = Files.writeString(dir.resolve("k.pub.pem"), SigningKeys.pem(OLD.getPublic()));

    RecordCheckpoint checkpoint =
        Checkpoints.sign(
            0,
            1,
            CheckpointStatement.FIRST_PREVIOUS_ROOT,
            START,
            START,
            LEAVES,
            "k1",
            SigningKeys.readPrivate(privatePem));

    assertThat(Checkpoints.verifies(checkpoint, KeyRing.fromFiles(Map.of("k1", publicPem))))
        .isTrue();
    assertThat(checkpoint.getSignature()).isNotEqualTo(ByteBuffer.allocate(0));
  }
}
