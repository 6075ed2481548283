package io.serialtrace.load.soak;

import io.serialtrace.schemas.topics.TraceTopic;
import io.serialtrace.stack.kafka.ServiceAccess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListStreamsGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the gate and the sink stand in their input, from their committed offsets: the gate's
 * streams group on {@code trace.production-events.v1} (written without transactions, so end minus
 * committed is exactly the events not yet decided), and the sink's group on each topic it consumes
 * (whatever is below the sink's committed offset is in ClickHouse: its delivery protocol commits an
 * offset only after the rows before it were inserted). Each call bounded by {@link #TIMEOUT}.
 *
 * @param gateBehind events on the production-events topic the gate has not committed past
 * @param sinkCommitted the sink's committed offset per partition (absent: nothing committed)
 */
record Positions(long gateBehind, Map<TopicPartition, Long> sinkCommitted) {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  Positions {
    sinkCommitted = Map.copyOf(sinkCommitted);
  }

  /** The emission is below the sink's committed offset: the sink has stored it. */
  boolean sinkConsumed(GateOutput.Emission emission) {
    return emission.offset() < sinkCommitted.getOrDefault(emission.partition(), 0L);
  }

  /**
   * Records the sink has not committed past: per partition, from its committed offset to the last
   * record read there ({@code lastRecord}, so a trailing transaction marker is not counted as a
   * record; records aborted or of other runs in between are, which only errs towards waiting).
   */
  long sinkBehind(Map<TopicPartition, Long> lastRecord) {
    long behind = 0;
    for (var e : lastRecord.entrySet()) {
      long committed = sinkCommitted.getOrDefault(e.getKey(), 0L);
      behind += Math.max(0, e.getValue() + 1 - committed);
    }
    return behind;
  }

  /** Reads both groups' positions now. */
  static Positions read(Admin admin) throws InterruptedException, ExecutionException {
    try {
      String events = TraceTopic.PRODUCTION_EVENTS.topicName();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(List.of(events))
          .allTopicNames()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .get(events)
          .partitions()
          .forEach(p -> latest.put(new TopicPartition(events, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> end = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((tp, info) -> end.put(tp, info.offset()));
      String gate = ServiceAccess.Names.GATE_APPLICATION_ID;
      Map<TopicPartition, OffsetAndMetadata> gateCommitted =
          admin
              .listStreamsGroupOffsets(Map.of(gate, new ListStreamsGroupOffsetsSpec()))
              .partitionsToOffsetAndMetadata(gate)
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      long gateBehind = 0;
      for (var e : end.entrySet()) {
        OffsetAndMetadata committed = gateCommitted.get(e.getKey());
        gateBehind += Math.max(0, e.getValue() - (committed == null ? 0 : committed.offset()));
      }
      Map<TopicPartition, Long> sink = new HashMap<>();
      admin
          .listConsumerGroupOffsets(ServiceAccess.Names.SINK_GROUP)
          .partitionsToOffsetAndMetadata()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .forEach(
              (tp, offset) -> {
                if (offset != null) {
                  sink.put(tp, offset.offset());
                }
              });
      return new Positions(gateBehind, sink);
    } catch (TimeoutException e) {
      throw new ExecutionException("Kafka did not answer within " + TIMEOUT, e);
    }
  }

  /** An admin client for {@link #read}, its requests bounded like the reads. */
  static Admin admin(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    return Admin.create(p);
  }
}
