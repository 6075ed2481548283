package io.serialtrace.api.anchor;

import io.quarkus.runtime.StartupEvent;
import io.serialtrace.api.ApiSettings;
import io.serialtrace.api.kafka.ConsumerLoop;
import io.serialtrace.api.kafka.KafkaClients;
import io.serialtrace.api.kafka.LiveStreams;
import io.serialtrace.schemas.AnchorLeaf;
import io.serialtrace.schemas.RecordCheckpoint;
import io.serialtrace.schemas.anchor.Checkpoints;
import io.serialtrace.schemas.anchor.InclusionProof;
import io.serialtrace.schemas.anchor.KeyRing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The gate's record checkpoints, read whole from their compacted topic at start and followed, kept
 * in memory indexed by serial. Each checkpoint is verified on arrival (root from its leaves,
 * signature by its key id); one that does not verify is logged and anchors nothing.
 *
 * <p>Why the topic and not a ClickHouse table: the checkpoints' whole point is to sit outside the
 * database whose administrators they guard against, and only the gate can write the topic (its
 * ACL). Being signed, they could live in untrusted storage too — the next step once their number
 * outgrows memory (about 150 bytes per appended record here): the sink storing them in a table
 * indexed by serial, verified the same way on read.
 */
@ApplicationScoped
public class CheckpointLog {
  private static final Logger LOG = Logger.getLogger(CheckpointLog.class);

  /** Where the log stands. */
  public enum State {
    /** Reading the topic up to where it ended at start: a verdict may still change. */
    CATCHING_UP,
    /** Read up to the end seen at start, following since. */
    CURRENT,
    /** The topic cannot be read; retrying. */
    RETRYING
  }

  private final ApiSettings.Anchor settings;
  private final KafkaClients kafka;
  private final KeyRing keys;
  private final Map<String, RecordCheckpoint> byId = new ConcurrentHashMap<>();
  private final Map<String, List<RecordCheckpoint>> bySerial = new ConcurrentHashMap<>();
  private final LiveStreams streams;
  private volatile State state = State.CATCHING_UP;

  public CheckpointLog(ApiSettings settings, KafkaClients kafka, LiveStreams streams) {
    this.settings = settings.anchor();
    this.kafka = kafka;
    this.streams = streams;
    this.keys = KeyRing.fromFiles(settings.anchor().publicKeys());
  }

  void start(@Observes StartupEvent event) {
    streams.start("checkpoint-log", kafka::checkpointConsumer, new Follower());
  }

  public State state() {
    return state;
  }

  /** The verifiers' key ring. */
  public KeyRing keys() {
    return keys;
  }

  /** Inclusion proofs of every leaf of {@code serial} in the verified checkpoints read so far. */
  public List<InclusionProof> proofs(String serial) {
    return bySerial.getOrDefault(serial, List.of()).stream()
        .flatMap(checkpoint -> Checkpoints.proofsFor(checkpoint, serial).stream())
        .toList();
  }

  /** Adds a checkpoint as read; false (and nothing added) when it does not verify. */
  boolean add(RecordCheckpoint checkpoint) {
    if (!Checkpoints.verifies(checkpoint, keys)) {
      return false;
    }
    if (byId.putIfAbsent(checkpoint.getCheckpointId(), checkpoint) == null) {
      checkpoint.getLeaves().stream()
          .map(AnchorLeaf::getSerial)
          .distinct()
          .forEach(
              serial ->
                  bySerial
                      .computeIfAbsent(serial, s -> new CopyOnWriteArrayList<>())
                      .add(checkpoint));
    }
    return true;
  }

  /** Reads the topic from the beginning at each (re)start, then follows it. */
  private final class Follower implements ConsumerLoop.Reader {
    private List<TopicPartition> assigned = List.of();
    private Map<TopicPartition, Long> end = Map.of();

    @Override
    public void open(Consumer<String, Object> log) {
      assigned = partitions(log);
      log.assign(assigned);
      log.seekToBeginning(assigned);
      end = log.endOffsets(assigned);
    }

    @Override
    public void read(ConsumerRecords<String, Object> records, Consumer<String, Object> log) {
      for (ConsumerRecord<String, Object> record : records) {
        CheckpointLog.this.read(record);
      }
      if (state != State.CURRENT
          && assigned.stream().allMatch(tp -> log.position(tp) >= end.get(tp))) {
        state = State.CURRENT;
        LOG.infof("Checkpoint log current: %d checkpoints", byId.size());
      }
    }

    @Override
    public void retrying(String reason) {
      state = State.RETRYING;
      LOG.warnf("Checkpoint log on %s cannot be read: %s", settings.topic(), reason);
    }
  }

  private List<TopicPartition> partitions(Consumer<String, Object> log) {
    List<PartitionInfo> partitions = log.partitionsFor(settings.topic());
    if (partitions == null || partitions.isEmpty()) {
      throw new IllegalStateException("topic " + settings.topic() + " has no partitions yet");
    }
    return partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
  }

  private void read(ConsumerRecord<String, Object> record) {
    if (!(record.value() instanceof RecordCheckpoint checkpoint)) {
      LOG.warnf(
          "Skipped %s-%d@%d: not a RecordCheckpoint",
          record.topic(), record.partition(), record.offset());
    } else if (!add(checkpoint)) {
      LOG.warnf(
          "Checkpoint %s at %s-%d@%d does not verify (root or signature; key id %s): it anchors"
              + " nothing",
          checkpoint.getCheckpointId(),
          record.topic(),
          record.partition(),
          record.offset(),
          checkpoint.getKeyId());
    }
  }
}
