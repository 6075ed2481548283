package io.serialtrace.gate.it;

import io.serialtrace.gate.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupMemberAssignment;
import org.apache.kafka.clients.admin.StreamsGroupMemberDescription;

/**
 * The unit side's tasks as the broker assigned them to a gate's instances (the streams group of
 * KIP-1071, read with {@code Admin.describeStreamsGroups}): per instance, known by the port of its
 * {@code application.server}, the partitions of the unit sub-topology (the one reading {@link
 * Topics#PRODUCTION_EVENTS}) it runs as active and as standby tasks.
 *
 * @param byPort each member's unit tasks by its endpoint port
 * @param settled every member's current assignment is its target (no task on the move)
 */
record GateTasks(Map<Integer, Member> byPort, boolean settled) {

  /** One member's unit tasks, as partition numbers. */
  record Member(Set<Integer> active, Set<Integer> standby) {}

  GateTasks {
    byPort = Map.copyOf(byPort);
  }

  /** The group as the broker describes it now. */
  static GateTasks describe(Admin admin, String applicationId) throws Exception {
    StreamsGroupDescription group =
        admin
            .describeStreamsGroups(List.of(applicationId))
            .describedGroups()
            .get(applicationId)
            .get(30, TimeUnit.SECONDS);
    Optional<String> unitSide =
        group.subtopologies().stream()
            .filter(s -> s.sourceTopics().contains(Topics.PRODUCTION_EVENTS))
            .map(s -> s.subtopologyId())
            .findFirst();
    Map<Integer, Member> byPort = new HashMap<>();
    boolean settled = unitSide.isPresent();
    for (StreamsGroupMemberDescription m : group.members()) {
      int port = m.userEndpoint().map(e -> e.port()).orElse(-1);
      String id = unitSide.orElse("");
      byPort.put(
          port,
          new Member(
              partitions(m.assignment().activeTasks(), id),
              partitions(m.assignment().standbyTasks(), id)));
      settled &= m.assignment().equals(m.targetAssignment());
    }
    return new GateTasks(byPort, settled);
  }

  /**
   * Waits (bounded) until the group's assignment is settled and {@code expected} holds for it;
   * fails with the last description when it never did.
   */
  static GateTasks await(
      Admin admin, String applicationId, Predicate<GateTasks> expected, Duration timeout)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    GateTasks last = describe(admin, applicationId);
    while (!(last.settled() && expected.test(last))) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "streams group " + applicationId + " not as expected within " + timeout + ": " + last);
      }
      Thread.sleep(500);
      last = describe(admin, applicationId);
    }
    return last;
  }

  /** The port of the instance running {@code partition}'s unit task as active, if one does. */
  Optional<Integer> ownerOf(int partition) {
    return byPort.entrySet().stream()
        .filter(e -> e.getValue().active().contains(partition))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** The unit tasks {@code port} runs as active; none if it is not a member. */
  Set<Integer> activeOf(int port) {
    return Optional.ofNullable(byPort.get(port)).map(Member::active).orElse(Set.of());
  }

  /** The unit tasks {@code port} runs as standby; none if it is not a member. */
  Set<Integer> standbyOf(int port) {
    return Optional.ofNullable(byPort.get(port)).map(Member::standby).orElse(Set.of());
  }

  private static Set<Integer> partitions(
      List<StreamsGroupMemberAssignment.TaskIds> tasks, String subtopology) {
    Set<Integer> out = new TreeSet<>();
    tasks.stream()
        .filter(t -> t.subtopologyId().equals(subtopology))
        .forEach(t -> out.addAll(t.partitions()));
    return out;
  }
}
