package io.serialtrace.sink.closure;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.serialtrace.schemas.EdgeType;
import io.serialtrace.schemas.GenealogyEdge;
import io.serialtrace.sink.SinkHarness;
import io.serialtrace.sink.SinkTopic;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 19: the closure the running sink keeps as genealogy edges arrive — installs, removals,
 * re-installation elsewhere, lots in many units, a cycle, over several partitions and rounds —
 * answers every walk (every node, both directions, several depth limits) as the links themselves
 * do; and the closure rebuilt from the edges alone (db/closure/rebuild.sql, the closure-rebuild
 * command's script) answers the same.
 */
@ExtendWith(LocalStackExtension.class)
class GenealogyClosureIT {
  private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void closureKeptByTheSinkAndTheRebuiltOneAnswerAsTheLinks(StackEndpoints stack) throws Exception {
    // 1. Arrange: topics, a group starting at their end, a fresh database, the running sink.
    String database = SinkHarness.unique("trace_it_closure");
    String group = SinkHarness.unique("sink-it-closure");
    String run = UUID.randomUUID().toString().substring(0, 8);
    SinkHarness.ensureTopics(stack);
    SinkHarness.startGroupAtEnd(stack, group);
    try (Client client = SinkHarness.clickHouse(stack);
        KafkaProducer<String, Object> producer = SinkHarness.producer(stack);
        SinkHarness.RunningSink sink =
            new SinkHarness.RunningSink(SinkHarness.settings(stack, database, group))) {
      // 2. Four rounds of random edge events (the last one with cycles), each stored before the
      //    next: removals and rework land in later batches than the installs they undo.
      SplittableRandom random = new SplittableRandom(19);
      long produced = 0;
      long offset = 0;
      for (int round = 0; round < 4; round++) {
        List<Link> events = Genealogies.random(random, 25, 4, 60, round == 3);
        for (Link event : events) {
          GenealogyEdge edge = edge(event, run, offset++);
          producer.send(
              new ProducerRecord<>(SinkTopic.GENEALOGY.topicName(), edge.getParentSerial(), edge));
        }
        producer.flush();
        produced += events.size();
        long expected = produced;
        long stored =
            SinkHarness.awaitValue(
                () ->
                    SinkHarness.scalar(
                        client, "SELECT count() FROM " + database + ".genealogy_edges"),
                expected,
                Duration.ofMinutes(2));
        assertThat(stored).isEqualTo(expected);
      }
      awaitStored(stack, group);
      // 3. The kept closure answers as the links.
      ClosureDeltaTest.assertClosureAnswersAsTheLinks(load(client, database));
      // 4. Rebuilt from the edges alone, it answers the same.
      ClosureRebuild.Report report =
          ClosureRebuild.shipped()
              .run(
                  ClosureRebuildCommand.sql(client, Duration.ofMinutes(2)),
                  database,
                  ClosureRebuild.DEFAULT_MAX_DEPTH);
      assertThat(report.rows()).isPositive();
      ClosureDeltaTest.assertClosureAnswersAsTheLinks(load(client, database));
    } finally {
      try (Client client = SinkHarness.clickHouse(stack)) {
        SinkHarness.dropDatabase(client, database);
      }
    }
  }

  /**
   * Waits until the group has marked every genealogy partition stored up to its end: a batch's
   * closure rows are written before its stored mark.
   */
  private static void awaitStored(StackEndpoints stack, String group) throws Exception {
    String topic = SinkTopic.GENEALOGY.topicName();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(request)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, info) -> ends.put(tp, info.offset()));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      Map<TopicPartition, Long> committed = new HashMap<>();
      while (System.nanoTime() < deadline) {
        committed.clear();
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS)
            .forEach(
                (tp, offset) -> {
                  if (offset != null && tp.topic().equals(topic)) {
                    committed.put(tp, offset.offset());
                  }
                });
        if (committed.equals(ends)) {
          return;
        }
        Thread.sleep(250);
      }
      assertThat(committed).as("genealogy offsets marked stored by " + group).isEqualTo(ends);
    }
  }

  /** The links (genealogy_links) and the closure rows as stored, in the in-memory store. */
  private static InMemoryClosureStore load(Client client, String database) {
    InMemoryClosureStore store = new InMemoryClosureStore();
    for (GenericRecord row :
        client.queryAll(
            "SELECT parent_serial, child, child_kind, part, toInt32(qty) AS qty, step_id, plant,"
                + " toUnixTimestamp64Micro(at) AS at_us, toUInt8(installed) AS installed FROM "
                + database
                + ".genealogy_links")) {
      store.edge(ClickHouseClosureStore.link(row));
    }
    store.insert(
        client
            .queryAll(
                "SELECT direction, node, toInt32(depth) AS depth, parent_serial, child, child_kind,"
                    + " part, toInt32(qty) AS qty, step_id, plant,"
                    + " toUnixTimestamp64Micro(event_time) AS at_us, installed FROM "
                    + database
                    + ".genealogy_closure")
            .stream()
            .map(
                row ->
                    new ClosureRow(
                        Direction.valueOf(row.getString("direction")),
                        row.getString("node"),
                        row.getInteger("depth"),
                        ClickHouseClosureStore.link(row)))
            .toList());
    return store;
  }

  private static GenealogyEdge edge(Link event, String run, long n) {
    boolean lot = event.childKind().equals("LOT");
    String child = event.child() + "-" + run;
    return GenealogyEdge.newBuilder()
        .setEdgeType(event.installed() ? EdgeType.INSTALLED : EdgeType.REMOVED)
        .setParentSerial(event.parent() + "-" + run)
        .setChildSerial(lot ? null : child)
        .setLotId(lot ? child : null)
        .setPart(event.part())
        .setQty(event.qty())
        .setStepId(event.stepId())
        .setPlant(event.plant())
        .setEventId(UUID.nameUUIDFromBytes((run + n).getBytes(StandardCharsets.UTF_8)))
        .setEventTime(T0.plusSeconds(n))
        .build();
  }
}
