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
 * 1,000 units through the six-step route with a scripted mix of violations, against the real broker
 * and registry: the gate's outputs are exactly what the pure rules say for the same script.
 */
@ExtendWith(LocalStackExtension.class)
class GateEndToEndIT {

  private static final int UNITS = 1000;

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void aThousandUnitsProduceExactlyTheModelsDecisionsRecordsViolationsAndCompletions(
      StackEndpoints stack) throws Exception {
    String run = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    try (GateKafka kafka = new GateKafka(stack)) {
      // 1. Fresh topics, the released route, and the script with its expected outputs.
      kafka.resetTopics();
      kafka.publishRoute(TestRoutes.sixStepRoute());
      GateScript script = GateScript.of("SN-" + run, UNITS, Instant.now());
      assertThat(script.completions).hasSizeBetween(UNITS / 2, UNITS);

      // 2. The gate runs; every event is produced.
      try (GateProcess gate =
          new GateProcess(stack, "gate-" + run, Map.of()).start(Duration.ofSeconds(90))) {
        kafka.produceEvents(script.events);

        // 3. Exactly the expected outputs, none twice.
        GateOutputs.assertExactly(kafka, script, Duration.ofMinutes(2));
      }
    }
  }
}
