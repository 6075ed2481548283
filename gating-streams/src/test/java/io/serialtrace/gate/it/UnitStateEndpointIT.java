package io.serialtrace.gate.it;

import static io.serialtrace.gate.rules.TestEvents.started;
import static io.serialtrace.gate.rules.TestEvents.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.TestEvents;
import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /units/{serial}/state} on a running gate answers from the unit store. */
@ExtendWith(LocalStackExtension.class)
class UnitStateEndpointIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aStationAsksWhatIsNextForAUnitAndForASerialNeverStarted(StackEndpoints stack)
      throws Exception {
    String run = "iq-" + UUID.randomUUID().toString().substring(0, 8);
    String serial = "SN-" + run;
    try (GateKafka kafka = new GateKafka(stack);
        GateProcess gate = new GateProcess(stack, "gate-" + run, Map.of())) {
      // 1. A running gate; a unit started with S10 opened.
      kafka.resetTopics();
      kafka.publishRoute(TestRoutes.sixStepRoute());
      gate.start(Duration.ofSeconds(90));
      TestEvents events = new TestEvents(serial);
      Instant at = Instant.now().plus(Duration.ofDays(1));
      kafka.produceEvents(
          List.of(
              events.event(at, started(TestRoutes.PRODUCT)),
              events.event(at.plusSeconds(60), stepStarted("S10"))));

      // 2. Its state, once the gate has decided both events (bounded wait).
      HttpResponse<String> state = null;
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (Instant.now().isBefore(deadline)) {
        state = get(gate, "/units/" + serial + "/state");
        if (state.statusCode() == 200 && state.body().contains("\"seq\":2")) {
          break;
        }
        Thread.sleep(250);
      }

      // 3. 200: S10 is in progress and both of its scans are still missing.
      assertThat(state).isNotNull();
      assertThat(state.statusCode()).isEqualTo(200);
      assertThat(state.body())
          .contains("\"status\":\"IN_WORK\"")
          .contains("\"currentStep\":\"S10\"")
          .contains("Scan of part HOUSING: 0 of 1")
          .contains("Scan of part SCREW: 0 of 4")
          .contains("\"seq\":2");

      // 4. A serial never started: 404 problem+json naming the parameter.
      HttpResponse<String> unknown = get(gate, "/units/SN-never-" + run + "/state");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(unknown.body()).contains("\"parameter\":\"serial\"");
    }
  }

  /** Asked as an operator of the plant TestEvents starts its units in. */
  private static HttpResponse<String> get(GateProcess gate, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(gate.uri(path))
            .header("Authorization", "Bearer " + GateTokens.operator("PLANT-1"))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
