package io.serialtrace.schemas.anchor;

import io.serialtrace.schemas.record.RecordHasher;
import java.time.Instant;
import java.util.List;

/**
 * A unit's record as an auditor takes it away: every stored record with its event bytes, and the
 * inclusion proofs of its hashes in the gate's signed checkpoints. {@link #verify} checks it with
 * nothing but the signers' public keys — the offline verifier's whole job.
 *
 * @param format {@link #FORMAT}
 * @param serial the unit
 * @param exportedAt when trace-api made the export
 * @param records the stored records in seq order
 * @param proofs inclusion proofs of the records' hashes
 */
public record RecordExport(
    String format,
    String serial,
    Instant exportedAt,
    List<Entry> records,
    List<InclusionProof> proofs) {

  public static final String FORMAT = "serialtrace-record-export-v1";

  public RecordExport {
    records = List.copyOf(records);
    proofs = List.copyOf(proofs);
  }

  /**
   * One stored record.
   *
   * @param eventAvro the event's canonical bytes as stored ({@code unit_records.event_avro})
   */
  public record Entry(long seq, String prevHash, String recordHash, byte[] eventAvro) {
    public Entry {
      eventAvro = eventAvro.clone();
    }

    @Override
    public byte[] eventAvro() {
      return eventAvro.clone();
    }
  }

  /** What the offline verifier found. */
  public record Verification(
      RecordHasher.Verification chain, UnitAnchor.Verdict anchor, boolean verified) {}

  /**
   * Checks the chain (seq from 1, prevHash linkage, every recordHash recomputed from serial, seq,
   * prevHash and the event bytes — {@link RecordHasher}) and the anchor (every recordHash in a
   * checkpoint signed by a key of {@code keys} — {@link UnitAnchor}). Verified only when both hold.
   */
  public Verification verify(KeyRing keys) {
    RecordHasher.Verification chain = chain();
    UnitAnchor.Verdict anchor =
        UnitAnchor.check(
            serial,
            records.stream().map(r -> new UnitAnchor.StoredHash(r.seq(), r.recordHash())).toList(),
            proofs,
            keys);
    return new Verification(
        chain, anchor, chain instanceof RecordHasher.Verification.Intact && anchor.anchored());
  }

  private RecordHasher.Verification chain() {
    return RecordHasher.verifyStored(
        records.stream()
            .map(
                r ->
                    new RecordHasher.Stored(
                        serial, r.seq(), r.prevHash(), r.recordHash(), r.eventAvro()))
            .toList());
  }
}
