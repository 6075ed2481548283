package io.serialtrace.sink;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.serialtrace.sink.delivery.DeliveryState;
import io.serialtrace.stack.StackEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * For a kill test: what the sink's group has committed per partition (stored up to an offset, or a
 * range pending) beside what ClickHouse holds from that partition (the highest {@code kafka_offset}
 * landed). While no delivery is under way the two agree: every offset below the committed one has
 * its row, and none above. A partition where they disagree is mid-delivery — a pending range whose
 * rows (some or all) already landed, or a stored offset whose rows have not — and a sink killed
 * then must neither duplicate nor lose that range. One row per record: the load's records are all
 * valid, none dead-lettered.
 */
final class DeliveryProbe implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The table each topic's record lands in (LoadRecords: one row per record). */
  private static final Map<SinkTopic, String> TABLES =
      Map.of(
          SinkTopic.UNIT_RECORDS, "unit_records",
          SinkTopic.VIOLATIONS, "violations",
          SinkTopic.GENEALOGY, "genealogy_edges",
          SinkTopic.UNITS_COMPLETED, "units");

  /** A partition whose committed state and ClickHouse rows disagree. */
  record MidDelivery(TopicPartition partition, String committed, long landedUpTo) {
    @Override
    public String toString() {
      return partition + " committed " + committed + ", rows landed up to offset " + landedUpTo;
    }
  }

  private final Admin admin;
  private final Client clickhouse;
  private final String database;
  private final String group;
  private final Map<TopicPartition, Long> starts;

  /**
   * @param starts where the group started on each partition ({@link SinkHarness#startGroupAtEnd}):
   *     nothing below it belongs to the test
   */
  DeliveryProbe(
      StackEndpoints stack,
      Client clickhouse,
      String database,
      String group,
      Map<TopicPartition, Long> starts) {
    this.admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()));
    this.clickhouse = clickhouse;
    this.database = database;
    this.group = group;
    this.starts = Map.copyOf(starts);
  }

  /** The partitions mid-delivery now (empty: committed offsets and ClickHouse agree). */
  List<MidDelivery> midDelivery() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = committed();
    Map<TopicPartition, Long> landed = landedMaxOffsets();
    List<MidDelivery> found = new ArrayList<>();
    for (Map.Entry<TopicPartition, Long> start : starts.entrySet()) {
      TopicPartition tp = start.getKey();
      OffsetAndMetadata commit = committed.get(tp);
      long landedNext = landed.getOrDefault(tp, start.getValue() - 1) + 1;
      if (commit == null) {
        continue;
      }
      DeliveryState state =
          DeliveryState.fromCommit(tp.topic(), tp.partition(), commit.offset(), commit.metadata());
      boolean disagree =
          switch (state) {
            case DeliveryState.Pending pending -> landedNext > pending.range().first();
            case DeliveryState.Stored stored -> landedNext != stored.nextOffset();
            case DeliveryState.Fresh fresh -> false;
          };
      if (disagree) {
        String what =
            commit.metadata() == null || commit.metadata().isEmpty()
                ? "offset " + commit.offset()
                : commit.metadata() + " at offset " + commit.offset();
        found.add(new MidDelivery(tp, what, landedNext - 1));
      }
    }
    return found;
  }

  /** True when every partition's committed offset is its end, nothing pending. */
  boolean caughtUp() throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    starts.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, OffsetAndMetadata> committed = committed();
    var ends = admin.listOffsets(latest).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    return ends.entrySet().stream()
        .allMatch(
            e -> {
              OffsetAndMetadata commit = committed.get(e.getKey());
              return commit != null
                  && commit.offset() == e.getValue().offset()
                  && DeliveryState.fromCommit(
                          e.getKey().topic(),
                          e.getKey().partition(),
                          commit.offset(),
                          commit.metadata())
                      instanceof DeliveryState.Stored;
            });
  }

  private Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
    return admin
        .listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata()
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private Map<TopicPartition, Long> landedMaxOffsets() {
    Map<TopicPartition, Long> landed = new HashMap<>();
    TABLES.forEach(
        (topic, table) -> {
          List<GenericRecord> rows =
              clickhouse.queryAll(
                  "SELECT kafka_partition, max(kafka_offset) FROM "
                      + database
                      + "."
                      + table
                      + " GROUP BY kafka_partition");
          for (GenericRecord row : rows) {
            landed.put(new TopicPartition(topic.topicName(), (int) row.getLong(1)), row.getLong(2));
          }
        });
    return landed;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
