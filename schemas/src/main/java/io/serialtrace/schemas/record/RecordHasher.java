package io.serialtrace.schemas.record;

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
 * The hash chain of a unit's record (21 CFR Part 11 tamper evidence): the one recipe the gate
 * writes {@code UnitRecord.recordHash} with and every reader (trace-api, an auditor) recomputes it
 * with.
 *
 * <h2>The recipe</h2>
 *
 * {@code recordHash = lowercase-hex(SHA-256(canonical bytes))}, 64 characters, where the canonical
 * bytes are the concatenation, in this order and with nothing between them, of:
 *
 * <ol>
 *   <li>the length of the serial's UTF-8 encoding as a 4-byte big-endian signed integer (two's
 *       complement, as {@link DataOutputStream#writeInt});
 *   <li>the serial's UTF-8 bytes ({@code UnitRecord.serial}, equal to {@code event.serial});
 *   <li>{@code seq} as an 8-byte big-endian signed integer;
 *   <li>{@code prevHash}: its 64 lowercase hex characters as US-ASCII bytes (64 bytes, no length
 *       prefix; 64 ASCII zeros for seq 1, see {@link #GENESIS});
 *   <li>the length of the event bytes as a 4-byte big-endian signed integer;
 *   <li>the event bytes: the Avro binary encoding (Avro 1.x specification, "Binary Encoding") of
 *       the {@code ProductionEvent} under the {@code io.serialtrace.schemas.ProductionEvent} schema
 *       the gate wrote it with — a bare datum: no Kafka/registry framing (no magic byte, no schema
 *       id), no Avro object-container header, no single-object-encoding marker. This is the same
 *       byte sequence as the {@code event} field inside the Avro binary of the UnitRecord.
 * </ol>
 *
 * The length prefixes keep two different field splits from hashing alike. The Avro binary encoding
 * of a datum is fully determined by the datum and its schema (fields in schema order, no field
 * names, union branch index then value), so the same event under the same schema always gives the
 * same bytes. The hash therefore covers the serial, seq, prevHash and every field of the event
 * (ids, plant, station, actor, times, source, raw payload and its content type, replyTo, the
 * payload); it does <b>not</b> cover {@code routeProduct}, {@code routeRevision} or {@code
 * recordedAt} of the UnitRecord.
 *
 * <p>Readers that keep the event bytes themselves (the sink stores them in {@code
 * unit_records.event_avro}, produced by {@link #canonicalEventBytes}) can recompute the hash with
 * {@link #hash(String, long, String, byte[])} without holding the schema; the schema is only needed
 * to check that the stored columns say what the bytes say.
 *
 * <p>A worked example, in the unit test of this class: serial {@code SN-1}, seq 1, prevHash GENESIS
 * and the event bytes {@code 01 02 03} give the canonical bytes {@code 00000004 534e2d31
 * 0000000000000001 3030…30 (64×) 00000003 010203}.
 */
public final class RecordHasher {

  /** prevHash of seq 1: 64 ASCII zeros. */
  public static final String GENESIS = "0".repeat(64);

  private static final SpecificDatumWriter<ProductionEvent> WRITER =
      new SpecificDatumWriter<>(ProductionEvent.class);

  private RecordHasher() {}

  /** The recordHash of the record at {@code seq} carrying {@code event}. */
  public static String hash(String serial, long seq, String prevHash, ProductionEvent event) {
    return hash(serial, seq, prevHash, canonicalEventBytes(event));
  }

  /**
   * The recordHash from the event's canonical bytes as stored (see {@link #canonicalEventBytes});
   * what an auditor recomputes from {@code unit_records}.
   */
  public static String hash(String serial, long seq, String prevHash, byte[] eventAvro) {
    return HexFormat.of()
        .formatHex(sha256().digest(canonicalBytes(serial, seq, prevHash, eventAvro)));
  }

  /** The bytes that are hashed, in the order the class documentation lists them. */
  public static byte[] canonicalBytes(String serial, long seq, String prevHash, byte[] eventAvro) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + eventAvro.length);
      DataOutputStream out = new DataOutputStream(bytes);
      byte[] serialBytes = serial.getBytes(StandardCharsets.UTF_8);
      out.writeInt(serialBytes.length);
      out.write(serialBytes);
      out.writeLong(seq);
      out.write(prevHash.getBytes(StandardCharsets.US_ASCII));
      out.writeInt(eventAvro.length);
      out.write(eventAvro);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The event's Avro binary encoding under the generated ProductionEvent schema: the exact bytes
   * that go into the hash. Does not consume the event's raw payload buffer.
   */
  public static byte[] canonicalEventBytes(ProductionEvent event) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      WRITER.write(event, encoder);
      encoder.flush();
      return out.toByteArray();
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
    return verifyStored(
        records.stream()
            .map(
                r ->
                    new Stored(
                        r.getSerial(),
                        r.getSeq(),
                        r.getPrevHash(),
                        r.getRecordHash(),
                        canonicalEventBytes(r.getEvent())))
            .toList());
  }

  /** A record as stored: its event as canonical bytes (see {@link #canonicalEventBytes}). */
  public record Stored(
      String serial, long seq, String prevHash, String recordHash, byte[] eventAvro) {}

  /**
   * {@link #verify} over stored records: what an auditor checks an export with. A record without
   * event bytes breaks the chain: its hash cannot be recomputed.
   */
  public static Verification verifyStored(List<Stored> records) {
    String expectedPrev = GENESIS;
    long expectedSeq = 1;
    for (Stored record : records) {
      if (record.seq() != expectedSeq) {
        return new Verification.Broken(
            expectedSeq, "expected seq " + expectedSeq + " but found " + record.seq());
      }
      if (!record.prevHash().equals(expectedPrev)) {
        return new Verification.Broken(
            record.seq(), "prevHash does not equal the recordHash of seq " + (expectedSeq - 1));
      }
      if (record.eventAvro().length == 0) {
        return new Verification.Broken(
            record.seq(), "no event bytes: the recordHash cannot be recomputed");
      }
      String recomputed =
          hash(record.serial(), record.seq(), record.prevHash(), record.eventAvro());
      if (!recomputed.equals(record.recordHash())) {
        return new Verification.Broken(
            record.seq(), "recordHash does not match the record content (tampered)");
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

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
