package io.serialtrace.gate.topology;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.serialtrace.schemas.AnchorLeaf;
import io.serialtrace.schemas.RecordCheckpoint;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.anchor.CheckpointStatement;
import io.serialtrace.schemas.anchor.Checkpoints;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One gate task's share of the anchored chain: remembers every record the task appends ({@link
 * GateTopology#ANCHOR_PENDING_STORE}) and, when its checkpoint is due, turns them into signed
 * checkpoints chained by previousRoot ({@link GateTopology#ANCHOR_CHAIN_STORE}). Both stores are
 * changelogged, so a record committed before a crash is still checkpointed after it.
 *
 * <p>The records are remembered per unit, up to {@link #RECORDS_PER_ENTRY} in one entry of the
 * pending store (key: serial + {@code @} + the block of its seq), which has the record cache on: a
 * unit's records appended within one commit reach RocksDB and the changelog as one write, and a
 * checkpoint deletes one entry per unit, not one per record. Earlier gates kept one entry per
 * record (key serial + {@code #} + seq); such an entry is read as a block of one and checkpointed
 * alike.
 *
 * <p>Per task, not per gate: a task owns one partition of the units, so its checkpoints are
 * numbered per partition ({@code p<partition>-<sequence>}) and no two instances ever write the same
 * id. A checkpoint holds at most {@link #MAX_LEAVES} leaves (about 100 bytes each, far below
 * Kafka's 1 MB message limit); a busier interval makes several.
 */
final class RecordAnchor {

  /** Most leaves in one checkpoint. */
  static final int MAX_LEAVES = 5_000;

  /** Most records of one unit in one entry of the pending store (bounds its size, ~6 KB). */
  static final int RECORDS_PER_ENTRY = 64;

  /** Where a task's checkpoint chain stands. */
  record Chain(long sequence, String root, Instant madeAt) {}

  /** A record appended since the task's last checkpoint. */
  record Appended(long seq, String recordHash, Instant recordedAt) {}

  /**
   * Records of one unit appended since the task's last checkpoint (at most {@link
   * #RECORDS_PER_ENTRY}, a block of its seqs).
   */
  record Pending(String serial, List<Appended> records) {
    Pending {
      records = List.copyOf(records);
    }

    /**
     * Reads both forms: this one, and the one record per entry of earlier gates ({@code serial,
     * seq, recordHash, recordedAt}).
     */
    @JsonCreator
    static Pending read(
        @JsonProperty("serial") String serial,
        @JsonProperty("records") List<Appended> records,
        @JsonProperty("seq") Long seq,
        @JsonProperty("recordHash") String recordHash,
        @JsonProperty("recordedAt") Instant recordedAt) {
      return records != null
          ? new Pending(serial, records)
          : new Pending(serial, List.of(new Appended(seq, recordHash, recordedAt)));
    }

    Pending with(Appended record) {
      List<Appended> more = new ArrayList<>(records);
      more.add(record);
      return new Pending(serial, more);
    }

    Stream<AnchorLeaf> leaves() {
      return records.stream().map(r -> new AnchorLeaf(serial, r.seq(), r.recordHash()));
    }
  }

  private final CheckpointSigner signer;
  private final int partition;
  private final KeyValueStore<String, Pending> pending;
  private final KeyValueStore<String, Chain> chain;

  /**
   * The blocks this instance wrote since its last checkpoint, as written: appending to one needs no
   * JSON read of the store. A new instance (task start, or revived after an abort) starts empty and
   * reads the store.
   */
  private final Map<String, Pending> written = new HashMap<>();

  RecordAnchor(CheckpointSigner signer, ProcessingContext context) {
    this.signer = signer;
    this.partition = context.taskId().partition();
    this.pending = context.getStateStore(GateTopology.ANCHOR_PENDING_STORE);
    this.chain = context.getStateStore(GateTopology.ANCHOR_CHAIN_STORE);
  }

  /** Remembers an appended record for the next checkpoint, in its unit's entry. */
  void appended(UnitRecord record) {
    String key = record.getSerial() + "@" + record.getSeq() / RECORDS_PER_ENTRY;
    Appended appended =
        new Appended(record.getSeq(), record.getRecordHash(), record.getRecordedAt());
    Pending before = written.containsKey(key) ? written.get(key) : pending.get(key);
    Pending after =
        before == null ? new Pending(record.getSerial(), List.of(appended)) : before.with(appended);
    pending.put(key, after);
    written.put(key, after);
  }

  /**
   * The checkpoints of everything appended since the last one, signed at wall-clock {@code now};
   * empty when nothing was appended. What they cover is forgotten.
   */
  List<RecordCheckpoint> checkpoint(Instant now) {
    List<String> keys = new ArrayList<>();
    List<AnchorLeaf> leaves = new ArrayList<>();
    Instant firstRecorded = now;
    try (KeyValueIterator<String, Pending> it = pending.all()) {
      while (it.hasNext()) {
        KeyValue<String, Pending> entry = it.next();
        keys.add(entry.key);
        entry.value.leaves().forEach(leaves::add);
        for (Appended r : entry.value.records()) {
          firstRecorded = r.recordedAt().isBefore(firstRecorded) ? r.recordedAt() : firstRecorded;
        }
      }
    }
    List<RecordCheckpoint> made = new ArrayList<>();
    for (int from = 0; from < leaves.size(); from += MAX_LEAVES) {
      List<AnchorLeaf> part = leaves.subList(from, Math.min(leaves.size(), from + MAX_LEAVES));
      Optional<Chain> last = Optional.ofNullable(chain.get(chainKey()));
      Instant start = last.map(Chain::madeAt).orElse(firstRecorded);
      long sequence = last.map(Chain::sequence).orElse(0L) + 1;
      RecordCheckpoint checkpoint =
          Checkpoints.sign(
              partition,
              sequence,
              last.map(Chain::root).orElse(CheckpointStatement.FIRST_PREVIOUS_ROOT),
              start.isAfter(now) ? now : start,
              now,
              part,
              signer.keyId(),
              signer.key());
      chain.put(chainKey(), new Chain(sequence, checkpoint.getRoot(), now));
      made.add(checkpoint);
    }
    // Everything read is now covered, in this transaction like the checkpoints themselves.
    keys.forEach(pending::delete);
    written.clear();
    return made;
  }

  private String chainKey() {
    return "p" + partition;
  }
}
