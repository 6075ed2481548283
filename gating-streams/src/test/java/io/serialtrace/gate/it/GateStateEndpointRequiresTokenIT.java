package io.serialtrace.gate.it;

import static io.serialtrace.gate.rules.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.TestEvents;
import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /units/{serial}/state} answers only a verified bearer token with a reading role, and
 * only for the token's plants: no token is a 401 problem, a device a 403, and a unit of another
 * plant the very 404 of a serial never started — nothing of its work order, record head or
 * violations.
 */
@ExtendWith(LocalStackExtension.class)
class GateStateEndpointRequiresTokenIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The plant {@link TestEvents} starts its units in. */
  private static final String PLANT = "PLANT-1";

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void theStateOfAUnitIsAnsweredOnlyToATokenOfItsPlant(StackEndpoints stack) throws Exception {
    String run = "tok-" + UUID.randomUUID().toString().substring(0, 8);
    String serial = "SN-" + run;
    String never = "SN-never-" + run;
    try (GateKafka kafka = new GateKafka(stack);
        GateProcess gate = new GateProcess(stack, "gate-" + run, Map.of())) {
      // 1. A running gate and a started unit of PLANT-1.
      kafka.resetTopics();
      kafka.publishRoute(TestRoutes.sixStepRoute());
      gate.start(Duration.ofSeconds(90));
      kafka.produceEvents(
          List.of(
              new TestEvents(serial)
                  .event(Instant.now().plus(Duration.ofDays(1)), started(TestRoutes.PRODUCT))));

      // 2. Positive control: an operator of PLANT-1 sees it (bounded wait for the decision).
      String operator = GateTokens.operator(PLANT);
      HttpResponse<String> own = null;
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (Instant.now().isBefore(deadline)) {
        own = get(gate, serial, Optional.of(operator));
        if (own.statusCode() == 200) {
          break;
        }
        Thread.sleep(250);
      }
      assertThat(own).isNotNull();
      assertThat(own.statusCode()).isEqualTo(200);
      assertThat(own.body()).contains("\"workOrder\":\"WO-4711\"", "\"plant\":\"" + PLANT + "\"");

      // 3. No token, or a token that does not verify: 401 problem+json with a Bearer challenge.
      for (Optional<String> bad : List.of(Optional.<String>empty(), Optional.of("not-a-jwt"))) {
        HttpResponse<String> refused = get(gate, serial, bad);
        assertThat(refused.statusCode()).as("token %s", bad).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("WWW-Authenticate"))
            .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
        assertThat(refused.body()).doesNotContain("WO-4711", "recordHead");
      }

      // 4. A device reads nothing: 403 problem+json.
      HttpResponse<String> device =
          get(
              gate,
              serial,
              Optional.of(GateTokens.token("dev-1", Set.of(Role.DEVICE), Set.of(PLANT))));
      assertThat(device.statusCode()).isEqualTo(403);
      assertThat(device.body()).doesNotContain("WO-4711");

      // 5. An operator of another plant gets exactly the 404 of a serial never started.
      String foreign = GateTokens.operator("PLANT-2");
      HttpResponse<String> otherPlant = get(gate, serial, Optional.of(foreign));
      HttpResponse<String> unknown = get(gate, never, Optional.of(foreign));
      assertThat(otherPlant.statusCode()).isEqualTo(404);
      assertThat(otherPlant.body().replace(serial, "X"))
          .isEqualTo(unknown.body().replace(never, "X"));
      assertThat(otherPlant.headers().firstValue("Content-Type"))
          .isEqualTo(unknown.headers().firstValue("Content-Type"));

      // 6. An admin sees every plant.
      HttpResponse<String> admin =
          get(gate, serial, Optional.of(GateTokens.token("admin", Set.of(Role.ADMIN), Set.of())));
      assertThat(admin.statusCode()).isEqualTo(200);
    }
  }

  private static HttpResponse<String> get(GateProcess gate, String serial, Optional<String> token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(gate.uri("/units/" + serial + "/state"))
            .timeout(Duration.ofSeconds(10));
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
