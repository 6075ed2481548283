package io.serialtrace.gate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same 1,000-unit script while the gate process is killed with SIGKILL mid-run and started
 * again on the same state directory: the kill lands mid-run (some decisions committed, not all),
 * output continues after the restart, and with exactly_once_v2 no decision, record, violation or
 * completion is lost or written twice (read_committed, counted by key).
 */
@ExtendWith(LocalStackExtension.class)
class GateExactlyOnceIT {

  private static final int UNITS = 1000;

  @Test
  @Timeout(value = 14, unit = TimeUnit.MINUTES)
  void aGateKilledMidRunAndRestartedLosesAndDuplicatesNothing(StackEndpoints stack)
      throws Exception {
    String run = "eos-" + UUID.randomUUID().toString().substring(0, 8);
    try (GateKafka kafka = new GateKafka(stack)) {
      // 1. Fresh topics, the route, and every event of the script waiting on the input topic.
      kafka.resetTopics();
      kafka.publishRoute(TestRoutes.sixStepRoute());
      GateScript script = GateScript.of("SN-" + run, UNITS, Instant.now());
      kafka.produceEvents(script.events);

      try (GateProcess gate = new GateProcess(stack, "gate-" + run, Map.of())) {
        // 2. The gate works through the backlog; once a third of the decisions are committed it
        //    is killed without any chance to commit or close.
        gate.start(Duration.ofSeconds(90));
        int third = script.decisions.size() / 3;
        int committed;
        try (var decisions = kafka.consumer(kafka.topics.gateDecisions())) {
          committed =
              GateKafka.readUntil(
                      decisions, r -> r.size() >= third, Duration.ofMinutes(2), Duration.ZERO)
                  .size();
        }
        gate.kill();
        // What the killed process had committed, counted after the kill: the kill landed mid-run
        // only if this is some but not all of the decisions.
        int atKill = GateOutputs.decisionsSoFar(kafka, Duration.ofSeconds(15));
        System.out.println(
            "decisions committed: " + committed + " seen before the kill, " + atKill + " at it");
        assertThat(atKill)
            .as("killed mid-run: some but not all decisions were committed")
            .isBetween(third, script.decisions.size() - 1);

        // 3. Started again on the same state directory and application id.
        gate.start(Duration.ofMinutes(2));

        // 4. Output continued after the restart, and exactly the expected outputs: none lost,
        //    none twice.
        try (var decisions = kafka.consumer(kafka.topics.gateDecisions())) {
          int after =
              GateKafka.readUntil(
                      decisions, r -> r.size() > atKill, Duration.ofMinutes(2), Duration.ZERO)
                  .size();
          assertThat(after)
              .as("the restarted gate decided more than the killed one")
              .isGreaterThan(atKill);
        }
        GateOutputs.assertExactly(kafka, script, Duration.ofMinutes(2));
      }
    }
  }
}
