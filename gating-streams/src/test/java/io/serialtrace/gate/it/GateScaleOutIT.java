package io.serialtrace.gate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.gate.rules.UnitScenario;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scale-out: two instances of one gate on an input topic of 12 partitions, each with a standby
 * replica of the other's tasks ({@code gate.standby-replicas=1}). They split the unit tasks and
 * decide every event of 48 units (4 per partition) exactly once; each answers {@code GET
 * /units/{serial}/state} for the units the other owns (307 to the owner, which answers 200); one
 * killed with SIGKILL, the survivor takes over every unit task and continues every unit on the
 * state from before the kill — the next step of a unit the killed instance owned is accepted, not
 * refused as an unknown unit — and answers 200 for every unit.
 */
@ExtendWith(LocalStackExtension.class)
class GateScaleOutIT {

  private static final int PARTITIONS = 12;
  private static final int UNITS_PER_PARTITION = 4;
  private static final Map<String, String> ONE_STANDBY = Map.of("gate.standby-replicas", "1");

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void twoInstancesSplitTheUnitsAnswerForEachOtherAndTheSurvivorOfAKillKeepsEveryUnit(
      StackEndpoints stack) throws Exception {
    String run = "scale-" + UUID.randomUUID().toString().substring(0, 8);
    String applicationId = "gate-" + run;
    List<Unit> units = unitsOnEveryPartition(run, Instant.now().plus(Duration.ofDays(1)));
    try (GateKafka kafka = new GateKafka(stack)) {
      try (GateProcess first = new GateProcess(stack, applicationId, "a", ONE_STANDBY);
          GateProcess second = new GateProcess(stack, applicationId, "b", ONE_STANDBY)) {
        // 1. Unit-keyed topics of 12 partitions, the route, two instances of one gate.
        kafka.resetTopics(PARTITIONS);
        kafka.publishRoute(TestRoutes.sixStepRoute());
        first.start(Duration.ofSeconds(90));
        second.start(Duration.ofSeconds(90));

        // 2. The broker splits the unit tasks between them: each runs some as active and the
        //    other's as standby (one standby replica per task).
        GateTasks split =
            GateTasks.await(
                kafka.admin,
                applicationId,
                t ->
                    t.byPort().size() == 2
                        && union(t.activeOf(first.httpPort), t.activeOf(second.httpPort)).size()
                            == PARTITIONS
                        && !t.activeOf(first.httpPort).isEmpty()
                        && !t.activeOf(second.httpPort).isEmpty()
                        && t.standbyOf(first.httpPort).equals(t.activeOf(second.httpPort))
                        && t.standbyOf(second.httpPort).equals(t.activeOf(first.httpPort)),
                Duration.ofSeconds(90));
        assertThat(union(split.activeOf(first.httpPort), split.activeOf(second.httpPort)))
            .as("every unit task runs as active on one instance: %s", split)
            .hasSize(PARTITIONS);
        assertThat(split.activeOf(first.httpPort).size() + split.activeOf(second.httpPort).size())
            .as("no unit task runs as active on both: %s", split)
            .isEqualTo(PARTITIONS);

        // 3. The units started and through S10, on all 12 partitions: every decision once.
        kafka.produceEvents(events(units, Unit::beforeKill));
        GateOutputs.assertDecisionsExactly(
            kafka, decisions(units, Unit::beforeKill), Duration.ofMinutes(2));

        // 4. Either instance answers for every unit: the owner 200, the other 307 to the owner,
        //    whose answer to the redirect is 200 with the unit's state.
        for (Unit unit : units) {
          GateProcess owner =
              split.activeOf(first.httpPort).contains(unit.partition()) ? first : second;
          GateProcess other = owner == first ? second : first;
          assertThat(awaitAnswer(owner, unit.serial(), 200).body())
              .contains(
                  "\"serial\":\"" + unit.serial() + "\"", "\"seq\":" + unit.seqBeforeKill() + ",");
          HttpResponse<String> redirect = awaitAnswer(other, unit.serial(), 307);
          URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
          assertThat(location).isEqualTo(owner.uri("/units/" + unit.serial() + "/state"));
          assertThat(GateProcess.askAsOperator(location).statusCode()).isEqualTo(200);
        }

        // 5. The first instance killed (SIGKILL): no commit, no leave-group. The line goes on:
        //    every unit's next step arrives, the killed instance's units too.
        first.kill();
        kafka.produceEvents(events(units, Unit::afterKill));

        // 6. The survivor takes over every unit task once the broker drops the killed member
        //    (its session timeout). "Settled" alone is not enough: once, the group already listed
        //    only the survivor, its assignment equal to its target, with 6 of the 12 tasks.
        GateTasks takenOver =
            GateTasks.await(
                kafka.admin,
                applicationId,
                t ->
                    t.byPort().keySet().equals(Set.of(second.httpPort))
                        && t.activeOf(second.httpPort).size() == PARTITIONS,
                Duration.ofMinutes(2));
        assertThat(takenOver.activeOf(second.httpPort)).hasSize(PARTITIONS);

        // 7. Every unit continued on its state from before the kill: each step after it is
        //    accepted (a lost state would refuse it UNKNOWN_UNIT), and every decision of the run,
        //    before and after the kill, is on the decisions topic exactly once.
        Map<String, String> all = decisions(units, Unit::beforeKill);
        all.putAll(decisions(units, Unit::afterKill));
        assertThat(all.values()).allMatch(d -> d.startsWith("ACCEPTED"));
        GateOutputs.assertDecisionsExactly(kafka, all, Duration.ofMinutes(2));

        // 8. The survivor answers 200 for every unit, at its state after the kill.
        for (Unit unit : units) {
          assertThat(awaitAnswer(second, unit.serial(), 200).body())
              .as(
                  "%s, owned by the killed instance: %s",
                  unit.serial(), split.activeOf(first.httpPort).contains(unit.partition()))
              .contains("\"seq\":" + unit.seqAfterKill() + ",");
        }
      } finally {
        // The ITs after this one find the topics as declared.
        kafka.resetTopics();
      }
    }
  }

  /**
   * One unit of the run: its partition, the events up to the kill (started, S10 done) and after it
   * (S20 done), the model's decisions, and the record's seq at each point.
   */
  private record Unit(
      String serial,
      int partition,
      Map<ProductionEvent, String> beforeKill,
      Map<ProductionEvent, String> afterKill,
      long seqBeforeKill,
      long seqAfterKill) {}

  /**
   * {@value #UNITS_PER_PARTITION} units on each partition (by the producer's partitioner: murmur2
   * of the serial), each decided by the plain model ({@link UnitScenario} over the pure rules).
   */
  private static List<Unit> unitsOnEveryPartition(String run, Instant base) {
    Map<Integer, List<String>> serials = new LinkedHashMap<>();
    for (int i = 0;
        serials.values().stream().mapToInt(List::size).sum() < PARTITIONS * UNITS_PER_PARTITION;
        i++) {
      String serial = "SN-" + run + "-" + i;
      List<String> onPartition =
          serials.computeIfAbsent(partitionOf(serial), p -> new ArrayList<>());
      if (onPartition.size() < UNITS_PER_PARTITION) {
        onPartition.add(serial);
      }
    }
    List<Unit> units = new ArrayList<>();
    serials.forEach(
        (partition, onPartition) -> {
          for (String serial : onPartition) {
            UnitScenario s = new UnitScenario(serial);
            s.clock = base;
            s.start().doStep("S10");
            int kill = s.decided.size();
            long seqBeforeKill = s.unit().seq();
            s.doStep("S20");
            units.add(
                new Unit(
                    serial,
                    partition,
                    decided(s, 0, kill),
                    decided(s, kill, s.decided.size()),
                    seqBeforeKill,
                    s.unit().seq()));
          }
        });
    return units;
  }

  private static Map<ProductionEvent, String> decided(UnitScenario s, int from, int to) {
    Map<ProductionEvent, String> out = new LinkedHashMap<>();
    IntStream.range(from, to)
        .forEach(i -> out.put(s.decided.get(i), GateScript.decision(s.verdicts.get(i).decision())));
    return out;
  }

  private static int partitionOf(String serial) {
    return Utils.toPositive(Utils.murmur2(serial.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }

  private static List<ProductionEvent> events(
      List<Unit> units, java.util.function.Function<Unit, Map<ProductionEvent, String>> part) {
    return units.stream().flatMap(u -> part.apply(u).keySet().stream()).toList();
  }

  /** Expected decisions by {@code eventId/redelivered}, as {@link GateOutputs} compares them. */
  private static Map<String, String> decisions(
      List<Unit> units, java.util.function.Function<Unit, Map<ProductionEvent, String>> part) {
    Map<String, String> out = new LinkedHashMap<>();
    units.forEach(
        u ->
            part.apply(u)
                .forEach((event, decision) -> out.put(event.getEventId() + "/false", decision)));
    return out;
  }

  private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
    return IntStream.concat(a.stream().mapToInt(i -> i), b.stream().mapToInt(i -> i))
        .boxed()
        .collect(Collectors.toSet());
  }

  /**
   * Asks {@code gate} for the unit's state until it answers {@code status} (bounded: a task just
   * moved or restoring answers 503 meanwhile); fails with the last answer.
   */
  private static HttpResponse<String> awaitAnswer(GateProcess gate, String serial, int status)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    HttpResponse<String> last = gate.unitState(serial);
    while (last.statusCode() != status && Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
      last = gate.unitState(serial);
    }
    assertThat(last.statusCode())
        .as("%s on port %d: %s", serial, gate.httpPort, last.body())
        .isEqualTo(status);
    return last;
  }
}
