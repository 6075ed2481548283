package io.serialtrace.gate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import io.serialtrace.support.registry.BlackholeServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A gate that cannot read Avro because the schema registry is gone (stopped) or silent (a port that
 * accepts and never answers): it does not hang and does not dead-letter the events it cannot read;
 * its readiness says why ("gate schema registry" DOWN). A gate that cannot read its routes stops
 * its client (liveness DOWN) for the platform to restart it; once the registry answers again every
 * event is decided exactly once, and nothing is on the dead-letter topic.
 */
@ExtendWith(LocalStackExtension.class)
class GateRegistryOutageIT {

  private static final int UNITS = 100;

  /** Time for the gate to start, fail a lookup (retries included) and report it. */
  private static final Duration REPORTED_WITHIN = Duration.ofMinutes(2);

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void aGateStartedWhileTheRegistryIsDownDecidesEverythingOnceItIsBack(StackEndpoints stack)
      throws Exception {
    String run = "reg-down-" + UUID.randomUUID().toString().substring(0, 8);
    try (GateKafka kafka = new GateKafka(stack);
        StackOutage registry = new StackOutage("registry")) {
      // 1. Fresh topics, the route and every event produced (their schemas registered).
      GateScript script = arrange(kafka, run);

      // 2. The registry stops; a new gate (empty schema cache) starts on the backlog. It cannot
      //    read its routes: it says so on readiness instead of hanging, decides nothing and
      //    dead-letters nothing; its client stops (liveness DOWN) for the platform to restart it.
      registry.stop();
      try (GateProcess gate = new GateProcess(stack, "gate-" + run, Map.of())) {
        gate.startAnswering(Duration.ofSeconds(90));
        String ready = gate.awaitStatus("/q/health/ready", 503, REPORTED_WITHIN);
        System.out.println("readiness while the registry is down: " + ready);
        assertThat(ready).contains("gate schema registry").contains("registry answers");
        System.out.println(
            "liveness while the registry is down: "
                + gate.awaitStatus("/q/health/live", 503, REPORTED_WITHIN));
        assertThat(GateOutputs.decisionsSoFar(kafka, Duration.ofSeconds(10))).isZero();
        assertThat(GateOutputs.deadLetters(kafka, Duration.ofSeconds(10))).isZero();

        // 3. The registry is back and the gate restarted, as the platform does on liveness DOWN:
        //    every event decided exactly once, nothing dead-lettered for the outage.
        registry.start();
        awaitAnswering(stack.registryUrl());
        gate.stop();
      }
      // A replacement instance (its own state folder, as a new pod), same application.
      try (GateProcess gate = new GateProcess(stack, "gate-" + run, "2", Map.of())) {
        gate.start(Duration.ofMinutes(3));
        GateOutputs.assertExactly(kafka, script, Duration.ofMinutes(3));
        assertThat(GateOutputs.deadLetters(kafka, Duration.ofSeconds(10)))
            .as("nothing dead-lettered for the outage")
            .isZero();
      }
    }
  }

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void aGateFacingASilentRegistryReportsItAndLosesNothing(StackEndpoints stack) throws Exception {
    String run = "reg-silent-" + UUID.randomUUID().toString().substring(0, 8);
    try (GateKafka kafka = new GateKafka(stack);
        BlackholeServer blackhole = new BlackholeServer()) {
      GateScript script = arrange(kafka, run);

      // 1. A gate whose registry accepts connections and never answers, with a 1 s bound: it
      //    does not hang in a lookup — it reports the registry, and decides nothing.
      Map<String, String> silent =
          Map.of(
              "gate.registry-url",
              blackhole.registryUrl(),
              "gate.registry-request-timeout",
              "PT1S");
      try (GateProcess gate =
          new GateProcess(stack, "gate-" + run, silent).startAnswering(Duration.ofSeconds(90))) {
        String ready = gate.awaitStatus("/q/health/ready", 503, REPORTED_WITHIN);
        System.out.println("readiness against a silent registry: " + ready);
        assertThat(ready).contains("gate schema registry");
        assertThat(blackhole.accepted())
            .as("the gate's lookups reached the blackhole")
            .isPositive();
        assertThat(gate.alive()).isTrue();
      }
      assertThat(GateOutputs.decisionsSoFar(kafka, Duration.ofSeconds(10))).isZero();

      // 2. The same application against the real registry: every event decided exactly once.
      try (GateProcess gate =
          new GateProcess(stack, "gate-" + run, "2", Map.of()).start(Duration.ofMinutes(3))) {
        GateOutputs.assertExactly(kafka, script, Duration.ofMinutes(3));
        assertThat(GateOutputs.deadLetters(kafka, Duration.ofSeconds(10)))
            .as("nothing dead-lettered for the silent registry")
            .isZero();
      }
    }
  }

  /**
   * The outage the two tests above cannot show: there the registry is down before the gate reads
   * its routes, so the routes' global thread fails first and no event is ever read. Here a gate
   * that has read its routes is stopped (its global store checkpointed), the registry goes down and
   * the gate starts again on the same state: the routes need no lookup, the events do (a new JVM,
   * empty schema caches), so the stream threads meet the outage. They must not dead-letter those
   * events but fail, be replaced and read them again once the registry answers.
   */
  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void eventsReadWhileTheRegistryIsDownAreReadAgainNotDeadLettered(StackEndpoints stack)
      throws Exception {
    String run = "reg-events-" + UUID.randomUUID().toString().substring(0, 8);
    try (GateKafka kafka = new GateKafka(stack);
        StackOutage registry = new StackOutage("registry")) {
      kafka.resetTopics();
      kafka.publishRoute(TestRoutes.sixStepRoute());
      GateScript script = GateScript.of("SN-" + run, UNITS, Instant.now());
      int half = script.events.size() / 2;
      kafka.produceEvents(script.events.subList(0, half));

      // 1. A gate reads the routes and decides from the first half, then stops (SIGTERM).
      try (GateProcess gate = new GateProcess(stack, "gate-" + run, Map.of())) {
        gate.start(Duration.ofMinutes(3));
        try (var decisions = kafka.consumer(kafka.topics.gateDecisions())) {
          assertThat(
                  GateKafka.readUntil(
                      decisions, r -> !r.isEmpty(), Duration.ofMinutes(2), Duration.ZERO))
              .as("decisions from the first half")
              .isNotEmpty();
        }
        gate.stop();
      }

      // 2. The second half produced, the registry stopped, the gate started on the same state:
      //    its stream threads cannot read the events; readiness says so, nothing dead-lettered.
      kafka.produceEvents(script.events.subList(half, script.events.size()));
      registry.stop();
      try (GateProcess gate = new GateProcess(stack, "gate-" + run, Map.of())) {
        gate.startAnswering(Duration.ofSeconds(90));
        String ready = awaitRegistryDown(gate);
        System.out.println("readiness while the registry is down mid-run: " + ready);
        assertThat(GateOutputs.deadLetters(kafka, Duration.ofSeconds(10)))
            .as("nothing dead-lettered while the registry is down")
            .isZero();

        // 3. The registry back: the same process decides every event exactly once.
        registry.start();
        awaitAnswering(stack.registryUrl());
        GateOutputs.assertExactly(kafka, script, Duration.ofMinutes(3));
        assertThat(GateOutputs.deadLetters(kafka, Duration.ofSeconds(10)))
            .as("nothing dead-lettered for the outage")
            .isZero();
      }
    }
  }

  /** Waits (bounded) until readiness reports the registry check DOWN; returns that answer. */
  private static String awaitRegistryDown(GateProcess gate) throws InterruptedException {
    Instant deadline = Instant.now().plus(REPORTED_WITHIN);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      last = gate.awaitStatus("/q/health/ready", 503, REPORTED_WITHIN);
      if (last.contains("until the registry answers")) {
        return last;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("readiness never reported the registry DOWN; last: " + last);
  }

  /**
   * Waits (bounded) until the registry answers an API request: a registry just started answers its
   * readiness probe well before its first API request is quick.
   */
  private static void awaitAnswering(String registryUrl) throws InterruptedException {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(deadline)) {
      try {
        var answer =
            http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(registryUrl + "/search/artifacts?limit=1"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not answering yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the registry did not answer within 2 minutes of its start");
  }

  private static GateScript arrange(GateKafka kafka, String run) throws Exception {
    kafka.resetTopics();
    kafka.publishRoute(TestRoutes.sixStepRoute());
    GateScript script = GateScript.of("SN-" + run, UNITS, Instant.now());
    kafka.produceEvents(script.events);
    return script;
  }
}
