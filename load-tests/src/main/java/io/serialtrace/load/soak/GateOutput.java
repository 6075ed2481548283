package io.serialtrace.load.soak;

import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.UnitCompleted;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.topics.TraceTopic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the gate committed for one soak run, read from its output topics as a downstream reader sees
 * it ({@code read_committed}): every decision, every violation emission, every completion of a unit
 * whose serial holds the run's id, each emission with its offset (so it can be compared with what
 * the sink has consumed); of the sink's other topics only the offset of the last record per
 * partition. Read incrementally: each {@link #poll} continues where the last stopped, up to the end
 * offsets of that moment.
 */
final class GateOutput implements AutoCloseable {
  /** The first decision per eventId (not redelivered) and how many there were. */
  record Decided(String eventId, String serial, boolean accepted, boolean hasRecord) {}

  /**
   * One record on a topic the sink consumes: a violation ({@code id} its violationId, {@code
   * status} as emitted) or a completion ({@code id} the serial, {@code status} COMPLETED).
   */
  record Emission(String id, String status, TopicPartition partition, long offset) {}

  /** What has been read so far, for the reconciliation. */
  record View(
      Map<String, Decided> firstDecisions,
      Map<String, Integer> decidedTwice,
      long redelivered,
      List<Emission> violations,
      List<Emission> completions,
      Map<TopicPartition, Long> lastSinkInput) {}

  private static final Duration POLL = Duration.ofMillis(500);

  /** The decisions, and every topic the sink consumes. */
  private static final List<TraceTopic> TOPICS =
      List.of(
          TraceTopic.GATE_DECISIONS,
          TraceTopic.VIOLATIONS,
          TraceTopic.UNITS_COMPLETED,
          TraceTopic.UNIT_RECORDS,
          TraceTopic.GENEALOGY);

  private static final Set<String> SINK_INPUT =
      Set.of(
          TraceTopic.VIOLATIONS.topicName(),
          TraceTopic.UNITS_COMPLETED.topicName(),
          TraceTopic.UNIT_RECORDS.topicName(),
          TraceTopic.GENEALOGY.topicName());

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String marker;
  private final Map<String, Decided> firstDecisions = new HashMap<>();
  private final Map<String, Integer> firstDecisionCount = new HashMap<>();
  private long redelivered;
  private final List<Emission> violations = new ArrayList<>();
  private final List<Emission> completions = new ArrayList<>();
  private final Map<TopicPartition, Long> lastSinkInput = new HashMap<>();
  private final List<String> undecodable = new ArrayList<>();

  GateOutput(String bootstrap, String runId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.marker = "-" + runId + "-";
    List<TopicPartition> partitions = new ArrayList<>();
    for (TraceTopic topic : TOPICS) {
      consumer
          .partitionsFor(topic.topicName())
          .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Reads on to the end offsets of now (bounded by Kafka's API timeouts). */
  void poll() {
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < until && !reached(end)) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        if (SINK_INPUT.contains(record.topic())) {
          lastSinkInput.merge(
              new TopicPartition(record.topic(), record.partition()), record.offset(), Math::max);
        }
        if (record.topic().equals(TraceTopic.UNIT_RECORDS.topicName())
            || record.topic().equals(TraceTopic.GENEALOGY.topicName())
            || record.key() == null
            || record.value() == null
            || !new String(record.key(), StandardCharsets.UTF_8).contains(marker)) {
          continue;
        }
        take(record);
      }
    }
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    // Under read_committed the position passes transaction markers, so it reaches the end offset.
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private void take(ConsumerRecord<byte[], byte[]> record) {
    String topic = record.topic();
    try {
      if (topic.equals(TraceTopic.GATE_DECISIONS.topicName())) {
        GateDecision d = decode(record.value(), new SpecificDatumReader<>(GateDecision.class));
        String id = d.getEventId().toString();
        if (d.getRedelivered()) {
          redelivered++;
          return;
        }
        firstDecisionCount.merge(id, 1, Integer::sum);
        firstDecisions.putIfAbsent(
            id,
            new Decided(
                id,
                d.getSerial().toString(),
                d.getDecision().name().equals("ACCEPTED"),
                d.getRecordSeq() != null));
      } else if (topic.equals(TraceTopic.VIOLATIONS.topicName())) {
        Violation v = decode(record.value(), new SpecificDatumReader<>(Violation.class));
        violations.add(
            new Emission(
                v.getViolationId().toString(),
                v.getStatus().toString(),
                new TopicPartition(topic, record.partition()),
                record.offset()));
      } else {
        UnitCompleted c = decode(record.value(), new SpecificDatumReader<>(UnitCompleted.class));
        completions.add(
            new Emission(
                c.getSerial().toString(),
                "COMPLETED",
                new TopicPartition(topic, record.partition()),
                record.offset()));
      }
    } catch (RuntimeException | java.io.IOException e) {
      if (undecodable.size() < 10) {
        undecodable.add(topic + "@" + record.partition() + ":" + record.offset() + " " + e);
      }
    }
  }

  /**
   * The Avro datum after the registry's framing: magic byte 0 and a 4-byte id (the Confluent-style
   * framing the services use), or an 8-byte id.
   */
  private static <T extends SpecificRecord> T decode(byte[] value, SpecificDatumReader<T> reader)
      throws java.io.IOException {
    java.io.IOException last = null;
    for (int skip : new int[] {5, 9}) {
      try {
        return reader.read(
            null, DecoderFactory.get().binaryDecoder(value, skip, value.length - skip, null));
      } catch (java.io.IOException | RuntimeException e) {
        last = e instanceof java.io.IOException io ? io : new java.io.IOException(e);
      }
    }
    throw last;
  }

  /** Everything read so far (copies). */
  View view() {
    Map<String, Integer> twice = new HashMap<>();
    firstDecisionCount.forEach(
        (id, n) -> {
          if (n > 1) {
            twice.put(id, n);
          }
        });
    return new View(
        Map.copyOf(firstDecisions),
        Map.copyOf(twice),
        redelivered,
        List.copyOf(violations),
        List.copyOf(completions),
        Map.copyOf(lastSinkInput));
  }

  List<String> undecodable() {
    return undecodable;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
