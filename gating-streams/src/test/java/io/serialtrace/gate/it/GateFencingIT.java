package io.serialtrace.gate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gate's stream thread fenced again and again in the middle of a backlog with component claims
 * (issue 17: under load, a claim granted on the component side was then withdrawn because the unit
 * side's state held no wait for it, and the installation was refused CLAIM_UNAVAILABLE). The gate
 * process is frozen (SIGSTOP) longer than its producer's {@code transaction.timeout.ms} plus the
 * broker's check interval, at random moments: the coordinator aborts the open transaction, and the
 * resumed thread finds its producer fenced, drops its tasks and takes them up again from the last
 * commit. Exactly-once must hold across the unit and the component sub-topologies: the outputs are
 * exactly the model's (no CLAIM_UNAVAILABLE, no STEP_OUT_OF_ORDER behind it, nothing twice).
 */
@ExtendWith(LocalStackExtension.class)
class GateFencingIT {

  private static final int UNITS = 800;
  private static final int FREEZES = 6;

  /** The gate's producer transaction timeout in this test (the default is 10 s). */
  private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(2);

  /** Past the timeout and the broker's check of timed-out transactions (every 10 s). */
  private static final Duration FREEZE = Duration.ofSeconds(14);

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void aGateFencedRepeatedlyMidBacklogKeepsItsClaimsAndUnitsConsistent(StackEndpoints stack)
      throws Exception {
    String run = "fenced-" + UUID.randomUUID().toString().substring(0, 8);
    long seed = System.nanoTime();
    System.out.println("GateFencingIT seed " + seed);
    Random random = new Random(seed);
    try (GateKafka kafka = new GateKafka(stack)) {
      // 1. Fresh topics, the route, every event of the script waiting on the input topic.
      kafka.resetTopics();
      kafka.publishRoute(TestRoutes.sixStepRoute());
      GateScript script = GateScript.of("SN-" + run, UNITS, Instant.now());
      kafka.produceEvents(script.events);

      // 2. A gate whose transactions time out quickly, and whose claims never time out here: a
      //    CLAIM_UNAVAILABLE can only come from an inconsistency, not from a slow answer.
      Map<String, String> settings =
          Map.of(
              "kafka-streams.producer.transaction.timeout.ms",
              Long.toString(TRANSACTION_TIMEOUT.toMillis()),
              "gate.claim-timeout",
              "PT30M");
      try (GateProcess gate =
          new GateProcess(stack, "gate-" + run, settings).start(Duration.ofSeconds(90))) {
        // 3. Frozen at random moments while it works off the backlog.
        for (int i = 1; i <= FREEZES; i++) {
          Thread.sleep(1_000 + random.nextInt(5_000));
          gate.freeze(FREEZE);
          System.out.println("GateFencingIT freeze " + i + " done");
        }

        // 4. Exactly the model's outputs, and the freezes did fence the stream thread.
        GateOutputs.assertExactly(kafka, script, Duration.ofMinutes(5));
        long fenced = gate.logLinesWith("fenced") + gate.logLinesWith("Fenced");
        System.out.println("GateFencingIT: log lines about fencing: " + fenced);
        assertThat(fenced).as("the freezes fenced the gate's producer").isPositive();
        assertThat(gate.alive()).isTrue();
      }
    }
  }
}
