package io.serialtrace.gate.it;

import static io.serialtrace.gate.rules.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.TestEvents;
import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two gate instances share the partitions: asked on the instance that does not own a unit, {@code
 * GET /units/{serial}/state} redirects (307) to the owner, which answers 200.
 */
@ExtendWith(LocalStackExtension.class)
class UnitStateRoutingIT {

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void theInstanceNotOwningAUnitRedirectsToTheOneThatDoes(StackEndpoints stack) throws Exception {
    String run = "route-" + UUID.randomUUID().toString().substring(0, 8);
    String serial = "SN-" + run;
    try (GateKafka kafka = new GateKafka(stack);
        GateProcess first = new GateProcess(stack, "gate-" + run, "a", Map.of());
        GateProcess second = new GateProcess(stack, "gate-" + run, "b", Map.of())) {
      // 1. Two instances of one gate; a unit started.
      kafka.resetTopics();
      kafka.publishRoute(TestRoutes.sixStepRoute());
      first.start(Duration.ofSeconds(90));
      second.start(Duration.ofSeconds(90));
      kafka.produceEvents(
          java.util.List.of(
              new TestEvents(serial)
                  .event(Instant.now().plus(Duration.ofDays(1)), started(TestRoutes.PRODUCT))));

      // 2. Ask both until one answers 200 and the other 307: the tasks are spread and the unit
      //    decided (bounded wait; a rebalance in between may give 503s).
      Optional<HttpResponse<String>> owner = Optional.empty();
      Optional<HttpResponse<String>> other = Optional.empty();
      GateProcess ownerProcess = null;
      Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
      while (Instant.now().isBefore(deadline)) {
        HttpResponse<String> a = first.unitState(serial);
        HttpResponse<String> b = second.unitState(serial);
        if (a.statusCode() == 200 && b.statusCode() == 307) {
          owner = Optional.of(a);
          other = Optional.of(b);
          ownerProcess = first;
          break;
        }
        if (b.statusCode() == 200 && a.statusCode() == 307) {
          owner = Optional.of(b);
          other = Optional.of(a);
          ownerProcess = second;
          break;
        }
        Thread.sleep(500);
      }

      // 3. The redirect names the owner's application.server and the same path.
      assertThat(owner).as("one instance answered 200 and the other 307").isPresent();
      assertThat(owner.get().body()).contains("\"serial\":\"" + serial + "\"");
      assertThat(other.orElseThrow().headers().firstValue("Location"))
          .contains("http://127.0.0.1:" + ownerProcess.httpPort + "/units/" + serial + "/state");
    }
  }
}
