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
 * The broker stopped for 30 s under a running gate working through a backlog, then started again:
 * the same gate process carries on, and every produced eventId has exactly one decision, every
 * record, violation and completion lands exactly once (read_committed, compared with the model by
 * key).
 */
@ExtendWith(LocalStackExtension.class)
class GateKafkaOutageIT {

  private static final int UNITS = 300;
  private static final Duration OUTAGE = Duration.ofSeconds(30);

  @Test
  @Timeout(value = 14, unit = TimeUnit.MINUTES)
  void aGateUnderABrokerOutageDecidesEveryEventExactlyOnceAfterwards(StackEndpoints stack)
      throws Exception {
    String run = "kafka-out-" + UUID.randomUUID().toString().substring(0, 8);
    try (GateKafka kafka = new GateKafka(stack);
        StackOutage broker = new StackOutage("kafka")) {
      // 1. Fresh topics, the route, every event of the script produced before the outage.
      kafka.resetTopics();
      kafka.publishRoute(TestRoutes.sixStepRoute());
      GateScript script = GateScript.of("SN-" + run, UNITS, Instant.now());
      kafka.produceEvents(script.events);
      int total = script.decisions.size();

      try (GateProcess gate =
          new GateProcess(stack, "gate-" + run, Map.of()).start(Duration.ofSeconds(90))) {
        // 2. Once some decisions are committed, the broker goes away for 30 s mid-backlog.
        int beforeOutage;
        try (var decisions = kafka.consumer(kafka.topics.gateDecisions())) {
          beforeOutage =
              GateKafka.readUntil(
                      decisions, r -> r.size() >= total / 10, Duration.ofMinutes(2), Duration.ZERO)
                  .size();
        }
        broker.stop();
        System.out.println("decisions committed when the broker stopped: " + beforeOutage);
        assertThat(beforeOutage)
            .as("the outage lands mid-backlog: some decisions before it, not all")
            .isBetween(total / 10, total - 1);
        Thread.sleep(OUTAGE.toMillis());
        broker.start();

        // 3. The same process carries on: every decision, record, violation, completion once.
        GateOutputs.assertExactly(kafka, script, Duration.ofMinutes(3));
        assertThat(gate.alive()).as("the gate survived the outage").isTrue();
        assertThat(GateOutputs.deadLetters(kafka, Duration.ofSeconds(10))).isZero();
      }
    }
  }
}
