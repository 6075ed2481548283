package io.serialtrace.gate.topology;

import io.serialtrace.schemas.AnchorLeaf;
import io.serialtrace.schemas.RecordCheckpoint;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.anchor.CheckpointStatement;
import io.serialtrace.schemas.anchor.Checkpoints;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
 * <p>Per task, not per gate: a task owns one partition of the units, so its checkpoints are
 * numbered per partition ({@code p<partition>-<sequence>}) and no two instances ever write the same
 * id. A checkpoint holds at most {@link #MAX_LEAVES} leaves (about 100 bytes each, far below
 * Kafka's 1 MB message limit); a busier interval makes several.
 */
final class RecordAnchor {

  /** Most leaves in one checkpoint. */
  static final int MAX_LEAVES = 5_000;

  /** Where a task's checkpoint chain stands. */
  record Chain(long sequence, String root, Instant madeAt) {}

  /** A record appended since the task's last checkpoint. */
  record Pending(String serial, long seq, String recordHash, Instant recordedAt) {
    AnchorLeaf leaf() {
      return new AnchorLeaf(serial, seq, recordHash);
    }
  }

  private final CheckpointSigner signer;
  private final int partition;
  private final KeyValueStore<String, Pending> pending;
  private final KeyValueStore<String, Chain> chain;

  RecordAnchor(CheckpointSigner signer, ProcessingContext context) {
    this.signer = signer;
    this.partition = context.taskId().partition();
    this.pending = context.getStateStore(GateTopology.ANCHOR_PENDING_STORE);
    this.chain = context.getStateStore(GateTopology.ANCHOR_CHAIN_STORE);
  }

  /** Remembers an appended record for the next checkpoint. */
  void appended(UnitRecord record) {
    pending.put(
        record.getSerial() + "#" + record.getSeq(),
        new Pending(
            record.getSerial(), record.getSeq(), record.getRecordHash(), record.getRecordedAt()));
  }

  /**
   * The checkpoints of everything appended since the last one, signed at wall-clock {@code now};
   * empty when nothing was appended. What they cover is forgotten.
   */
  List<RecordCheckpoint> checkpoint(Instant now) {
    List<KeyValue<String, Pending>> due = new ArrayList<>();
    try (KeyValueIterator<String, Pending> it = pending.all()) {
      it.forEachRemaining(due::add);
    }
    List<RecordCheckpoint> made = new ArrayList<>();
    for (int from = 0; from < due.size(); from += MAX_LEAVES) {
      List<KeyValue<String, Pending>> part =
          due.subList(from, Math.min(due.size(), from + MAX_LEAVES));
      Optional<Chain> last = Optional.ofNullable(chain.get(chainKey()));
      Instant start =
          last.map(Chain::madeAt)
              .orElseGet(
                  () ->
                      part.stream()
                          .map(kv -> kv.value.recordedAt())
                          .min(Comparator.naturalOrder())
                          .orElse(now));
      long sequence = last.map(Chain::sequence).orElse(0L) + 1;
      RecordCheckpoint checkpoint =
          Checkpoints.sign(
              partition,
              sequence,
              last.map(Chain::root).orElse(CheckpointStatement.FIRST_PREVIOUS_ROOT),
              start.isAfter(now) ? now : start,
              now,
              part.stream().map(kv -> kv.value.leaf()).toList(),
              signer.keyId(),
              signer.key());
      chain.put(chainKey(), new Chain(sequence, checkpoint.getRoot(), now));
      part.forEach(kv -> pending.delete(kv.key));
      made.add(checkpoint);
    }
    return made;
  }

  private String chainKey() {
    return "p" + partition;
  }
}
