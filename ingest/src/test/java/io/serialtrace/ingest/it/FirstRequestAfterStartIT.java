package io.serialtrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A freshly started ingest is ready only once its producers know their topics (ProducerWarmup), so
 * the first station's request after readiness is stored within the answer bound: one POST, one 202,
 * no retry. Before, the first send waited for the topic's metadata inside the 3 s bound, and on a
 * loaded machine the first POST after a start answered 503 "not confirmed".
 */
@QuarkusTest
@TestProfile(FirstRequestAfterStartIT.FreshStart.class)
@ExtendWith(LocalStackExtension.class)
class FirstRequestAfterStartIT {

  /** A profile of its own: Quarkus starts the app anew for this class, producers cold. */
  public static final class FreshStart implements QuarkusTestProfile {}

  private static final String EVENTS = "trace.production-events.v1";

  /** Receipt to Kafka's acknowledgement (IngestMetrics). */
  private static final String ACK = "ingest_kafka_ack_seconds";

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theFirstEventAfterReadinessIsStoredWithoutARetry() throws Exception {
    // 1. Readiness turns UP (bounded), and says the producers have their topics' metadata.
    Map<String, Object> producers = awaitReady(Duration.ofSeconds(90));
    System.out.println("FirstRequestAfterStartIT: kafka-producers " + producers);
    assertThat(producers.get("status")).isEqualTo("UP");
    assertThat(String.valueOf(producers.get("data"))).contains(EVENTS + "=");

    // 2. The very first event of this instance (the request and its token prepared first, so the
    //    time is the app's): stored at once.
    assertThat(ScrapedMetrics.count(ACK + "_count", "")).as("events stored before").isZero();
    var request =
        Tokens.asOperator()
            .contentType("application/json")
            .body(Events.stepStarted(UUID.randomUUID(), "SN-FIRST", "ST-010", "10"));
    long started = System.nanoTime();
    Response answer = request.post("/v1/events");
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf(
        "FirstRequestAfterStartIT: first POST answered %d in %d ms; receipt to Kafka's ack %s s%n",
        answer.statusCode(), took.toMillis(), ScrapedMetrics.value(ACK + "_max", ""));
    assertThat(answer.statusCode()).as("the first POST: %s", answer.asString()).isEqualTo(202);
  }

  /** Polls readiness until UP; returns its kafka-producers check. */
  private static Map<String, Object> awaitReady(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      Response ready = RestAssured.get("/q/health/ready");
      last = ready.asString();
      if (ready.statusCode() == 200) {
        List<Map<String, Object>> checks = JsonPath.from(last).getList("checks");
        return checks.stream()
            .filter(c -> "kafka-producers".equals(c.get("name")))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no kafka-producers check in " + ready.asString()));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("readiness not UP within " + within + "; last: " + last);
  }
}
