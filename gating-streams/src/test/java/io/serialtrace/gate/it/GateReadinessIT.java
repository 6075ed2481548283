package io.serialtrace.gate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With the broker stopped, the gate's readiness answers DOWN promptly instead of hanging (issue
 * 17): {@code quarkus.kafka-streams.topics-timeout} (1.5 s, ~2 s for the whole probe) bounds it;
 * the extension's default of 10 s made each probe hang that long.
 */
@ExtendWith(LocalStackExtension.class)
class GateReadinessIT {

  /** The documented ~2 s plus a margin for this loaded machine, still below the old 10 s. */
  private static final Duration READINESS_BOUND = Duration.ofSeconds(2 + 6);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private record Probe(int status, Duration took, String body) {}

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void readinessAnswersDownPromptlyWhileTheBrokerIsStopped(StackEndpoints stack) throws Exception {
    String run = "ready-" + UUID.randomUUID().toString().substring(0, 8);
    LocalStack kafka =
        LocalStack.of(StackSettings.forTests(RepositoryHome.find())).only(List.of("kafka"));
    try (GateProcess gate =
        new GateProcess(stack, "gate-" + run, Map.of()).start(Duration.ofSeconds(90))) {
      // 1. Ready while the broker runs.
      assertThat(awaitStatus(gate, 200, Duration.ofSeconds(30)).body()).contains("\"UP\"");

      // 2. The broker stops: the next probes answer DOWN, each within the bound.
      try {
        kafka.stop(List.of("kafka"), Progress.printingTo(System.out));
        Probe down = awaitStatus(gate, 503, Duration.ofSeconds(30));
        System.out.printf("GateReadinessIT: readiness DOWN answered in %s%n", down.took());
        assertThat(down.body()).contains("\"DOWN\"");
        assertThat(down.took())
            .as("readiness answered DOWN within %s with the broker stopped", READINESS_BOUND)
            .isLessThan(READINESS_BOUND);
      } finally {
        kafka.up(Progress.printingTo(System.out));
      }

      // 3. Ready again once the broker is back.
      assertThat(awaitStatus(gate, 200, Duration.ofSeconds(90)).body()).contains("\"UP\"");
    }
  }

  /** Probes until the status is {@code wanted}; the request itself may take up to 60 s. */
  private static Probe awaitStatus(GateProcess gate, int wanted, Duration await) throws Exception {
    long deadline = System.nanoTime() + await.toNanos();
    Probe last = null;
    while (System.nanoTime() < deadline) {
      long started = System.nanoTime();
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(gate.uri("/q/health/ready"))
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      last =
          new Probe(
              response.statusCode(),
              Duration.ofNanos(System.nanoTime() - started),
              response.body());
      if (last.status() == wanted) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "readiness never answered " + wanted + " within " + await + ": " + last);
  }
}
