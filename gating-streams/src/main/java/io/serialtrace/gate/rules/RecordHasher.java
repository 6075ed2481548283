package io.serialtrace.gate.rules;

import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.UnitRecord;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The hash chain of a unit's record. {@code recordHash = SHA-256(canonical bytes)} where the
 * canonical bytes are, in order: the serial (4-byte big-endian length + UTF-8), seq (8-byte
 * big-endian), prevHash (64 ASCII hex characters) and the event's Avro binary encoding (4-byte
 * length + bytes). Length prefixes keep two different field splits from hashing alike; the Avro
 * binary encoding of a record is deterministic for one schema, and the UnitRecord carries the event
 * exactly as received, so any consumer holding the schema can recompute the hash.
 */
public final class RecordHasher {

  /** prevHash of seq 1. */
  public static final String GENESIS = "0".repeat(64);

  private static final SpecificDatumWriter<ProductionEvent> WRITER =
      new SpecificDatumWriter<>(ProductionEvent.class);

  private RecordHasher() {}

  public static String hash(String serial, long seq, String prevHash, ProductionEvent event) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
      DataOutputStream out = new DataOutputStream(bytes);
      byte[] serialBytes = serial.getBytes(StandardCharsets.UTF_8);
      out.writeInt(serialBytes.length);
      out.write(serialBytes);
      out.writeLong(seq);
      out.write(prevHash.getBytes(StandardCharsets.US_ASCII));
      byte[] eventBytes = avroBinary(event);
      out.writeInt(eventBytes.length);
      out.write(eventBytes);
      out.flush();
      return HexFormat.of().formatHex(sha256().digest(bytes.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The hash of a record as stored, recomputed from its fields. */
  public static String recompute(UnitRecord record) {
    return hash(record.getSerial(), record.getSeq(), record.getPrevHash(), record.getEvent());
  }

  /**
   * Checks a unit's records, in seq order: seq counts from 1 without gaps, each prevHash is the
   * hash before it (64 zeros first) and each recordHash is what the content hashes to.
   */
  public static Verification verify(List<UnitRecord> records) {
    String expectedPrev = GENESIS;
    long expectedSeq = 1;
    for (UnitRecord record : records) {
      if (record.getSeq() != expectedSeq) {
        return new Verification.Broken(
            expectedSeq, "expected seq " + expectedSeq + " but found " + record.getSeq());
      }
      if (!record.getPrevHash().equals(expectedPrev)) {
        return new Verification.Broken(
            record.getSeq(), "prevHash does not equal the recordHash of seq " + (expectedSeq - 1));
      }
      String recomputed = recompute(record);
      if (!recomputed.equals(record.getRecordHash())) {
        return new Verification.Broken(
            record.getSeq(), "recordHash does not match the record content (tampered)");
      }
      expectedPrev = recomputed;
      expectedSeq++;
    }
    return new Verification.Intact(expectedSeq - 1, expectedPrev);
  }

  /** Result of {@link #verify}. */
  public sealed interface Verification {
    /** Every record checks out; {@code head} is the last recordHash (GENESIS when empty). */
    record Intact(long count, String head) implements Verification {}

    /** The chain breaks at {@code seq}. */
    record Broken(long seq, String reason) implements Verification {}
  }

  private static byte[] avroBinary(ProductionEvent event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    WRITER.write(event, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
