package io.serialtrace.gate.it;

import io.serialtrace.gate.topics.Topics;
import io.serialtrace.schemas.topics.TraceTopic;
import io.serialtrace.stack.kafka.TopicProvisioner;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;

/**
 * Gives each IT fresh gate topics: {@link Topics} names are fixed (the contract with ingest and the
 * sink), so rather than a per-run suffix each IT deletes them and creates them again, and runs the
 * gate under a per-run application id (fresh internal topics, group and state). ITs run one after
 * another in one failsafe JVM, against the test stack (never the demo's: {@code TRACE_STACK=test}),
 * so nothing else uses these topics.
 */
final class GateTopicsReset {

  private GateTopicsReset() {}

  static void reset(Admin admin) throws Exception {
    reset(admin, TraceTopic.UNIT_KEYED_PARTITIONS);
  }

  /**
   * As {@link #reset(Admin)}, with every unit-keyed topic then grown to {@code unitKeyedPartitions}
   * (all of them alike, so the gate's co-partitioned inputs and its outputs stay equal), as an
   * operator scaling a deployment out would: the topics are still created from their declaration.
   */
  static void reset(Admin admin, int unitKeyedPartitions) throws Exception {
    Set<String> names = new HashSet<>();
    Stream.of(Topics.inputs(), Topics.outputs(), Topics.loops()).forEach(names::addAll);
    Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
    List<String> present = names.stream().filter(existing::contains).toList();
    if (!present.isEmpty()) {
      admin.deleteTopics(present).all().get(30, TimeUnit.SECONDS);
    }
    // Deletion completes asynchronously: wait (bounded) until none is listed before re-creating.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
        .anyMatch(names::contains)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("gate topics still listed 60 s after deletion");
      }
      Thread.sleep(200);
    }
    // As the platform creates them: from the topic registry, as declared.
    TopicProvisioner.ensure(
        admin,
        names.stream().map(name -> TraceTopic.named(name).orElseThrow()).toList(),
        Duration.ofSeconds(30));
    Map<String, NewPartitions> grown = new HashMap<>();
    for (String name : names) {
      TraceTopic topic = TraceTopic.named(name).orElseThrow();
      if (topic.partitioning() == TraceTopic.Partitioning.UNIT_KEYED
          && unitKeyedPartitions > topic.defaultPartitions()) {
        grown.put(name, NewPartitions.increaseTo(unitKeyedPartitions));
      }
    }
    if (!grown.isEmpty()) {
      admin.createPartitions(grown).all().get(30, TimeUnit.SECONDS);
    }
  }
}
