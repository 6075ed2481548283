package io.serialtrace.stack.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.serialtrace.schemas.AnchorLeaf;
import io.serialtrace.schemas.RecordCheckpoint;
import io.serialtrace.schemas.anchor.CheckpointStatement;
import io.serialtrace.schemas.anchor.Checkpoints;
import io.serialtrace.schemas.anchor.RecordExport;
import io.serialtrace.schemas.anchor.SigningKeys;
import io.serialtrace.schemas.record.RecordHasher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline verifier on exports written as trace-api writes them (Jackson, ISO times). */
class VerifyRecordTest {
  private static final String SERIAL = "SN-AUDIT-1";
  private static final KeyPair KEY = SigningKeys.generate();
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @TempDir Path dir;

  /** A chain of {@code n} records over the given event bytes, hashes computed by the recipe. */
  private static List<RecordExport.Entry> chain(List<byte[]> events) {
    List<RecordExport.Entry> entries = new ArrayList<>();
    String prev = RecordHasher.GENESIS;
    for (int i = 0; i < events.size(); i++) {
      String hash = RecordHasher.hash(SERIAL, i + 1, prev, events.get(i));
      entries.add(new RecordExport.Entry(i + 1, prev, hash, events.get(i)));
      prev = hash;
    }
    return entries;
  }

  private static List<byte[]> events(String... texts) {
    return java.util.Arrays.stream(texts).map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
  }

  private Path export(List<RecordExport.Entry> stored, List<RecordExport.Entry> signed)
      throws Exception {
    RecordCheckpoint checkpoint =
        Checkpoints.sign(
            0,
            1,
            CheckpointStatement.FIRST_PREVIOUS_ROOT,
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T00:00:10Z"),
            signed.stream().map(e -> new AnchorLeaf(SERIAL, e.seq(), e.recordHash())).toList(),
            "dev-1",
            KEY.getPrivate());
    RecordExport export =
        new RecordExport(
            RecordExport.FORMAT,
            SERIAL,
            Instant.parse("2026-01-02T00:00:00Z"),
            stored,
            Checkpoints.proofsFor(checkpoint, SERIAL));
    Path file = dir.resolve("export.json");
    JSON.writeValue(file.toFile(), export);
    return file;
  }

  private Path publicKey() throws Exception {
    return Files.writeString(dir.resolve("dev-1.pem"), SigningKeys.pem(KEY.getPublic()));
  }

  private record Outcome(int status, String output) {}

  private Outcome verify(Path export) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status =
        VerifyRecord.run(
            List.of(export.toString(), "--key", "dev-1=" + publicKey()),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new Outcome(status, bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anUntouchedExportVerifies() throws Exception {
    List<RecordExport.Entry> records = chain(events("start", "scan", "done"));

    Outcome outcome = verify(export(records, records));

    assertThat(outcome.status()).isZero();
    assertThat(outcome.output())
        .contains("chain: intact, 3 records")
        .contains("anchor: anchored by checkpoints p0-1")
        .endsWith("VERIFIED\n");
  }

  @Test
  void aRecordRewrittenWithEveryHashRecomputedDisagreesAtItsSeq() throws Exception {
    // 1. the gate signed the original; 2. the store holds seq 2 rewritten, hashes recomputed
    List<RecordExport.Entry> original = chain(events("start", "torque 5.0", "done"));
    List<RecordExport.Entry> rewritten = chain(events("start", "torque 4.2", "done"));

    Outcome outcome = verify(export(rewritten, original));

    assertThat(outcome.status()).isEqualTo(1);
    assertThat(outcome.output())
        .contains("chain: intact")
        .contains("anchor: disagrees with checkpoint p0-1 at seq 2")
        .endsWith("NOT VERIFIED\n");
  }

  @Test
  void anEditedEventWithoutRecomputedHashesBreaksTheChain() throws Exception {
    List<RecordExport.Entry> records = new ArrayList<>(chain(events("start", "scan", "done")));
    RecordExport.Entry second = records.get(1);
    records.set(
        1,
        new RecordExport.Entry(
            2, second.prevHash(), second.recordHash(), "edited".getBytes(StandardCharsets.UTF_8)));

    Outcome outcome = verify(export(records, chain(events("start", "scan", "done"))));

    assertThat(outcome.status()).isEqualTo(1);
    assertThat(outcome.output()).contains("chain: broken at seq 2");
  }

  @Test
  void aWrongKeyAnchorsNothing() throws Exception {
    List<RecordExport.Entry> records = chain(events("start"));
    Path export = export(records, records);
    Path stranger =
        Files.writeString(
            dir.resolve("other.pem"), SigningKeys.pem(SigningKeys.generate().getPublic()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    int status =
        VerifyRecord.run(
            List.of(export.toString(), "--key", "dev-1=" + stranger), new PrintStream(bytes));

    assertThat(status).isEqualTo(1);
    assertThat(bytes.toString()).contains("not anchored from seq 1");
  }

  @Test
  void aMissingKeyIsAUsageError() {
    assertThatThrownBy(() -> VerifyRecord.run(List.of("export.json"), System.out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--key ID=PUBLIC-KEY.pem");
  }
}
