package io.serialtrace.ingest.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Health covers Kafka (cluster and producers), the registry and PostgreSQL; metrics count accepted
 * and rejected events.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@ExtendWith(LocalStackExtension.class)
class HealthAndMetricsIT {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void reportsReadyWithKafkaRegistryAndPostgresChecks() throws InterruptedException {
    // Readiness waits for the producers' metadata (ProducerWarmup): bounded wait for UP.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (given().get("/q/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(
            "checks.name",
            hasItems(
                "schema-registry",
                "gate-decision-reader",
                "kafka",
                "kafka-producers",
                "Database connections health check"));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void countsAcceptedAndRejectedEventsByReason() {
    // 1. One accepted, one refused for an unknown plant. The first event after start may find the
    //    producer cold on a loaded machine (503 "not confirmed" after 3 s): it is sent again with
    //    the same eventId and bytes, as a station does, until stored (bounded).
    String accepted = Events.stepStarted(UUID.randomUUID(), "SN-METRIC", "ST-010", "10");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int status = 0;
    while (status != 202 && System.nanoTime() < deadline) {
      status =
          Tokens.asOperator()
              .contentType("application/json")
              .body(accepted)
              .post("/v1/events")
              .statusCode();
    }
    assertThat(status).isEqualTo(202);
    Tokens.asOperator()
        .contentType("application/json")
        .body(
            Events.stepStarted(UUID.randomUUID(), "SN-METRIC", "ST-010", "10")
                .replace("\"P1\"", "\"P9\""))
        .post("/v1/events")
        .then()
        .statusCode(400);

    // 2. Both show up in the Prometheus scrape.
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("ingest_events_accepted_total{channel=\"HTTP\""))
        .body(
            containsString(
                "ingest_events_rejected_total{channel=\"HTTP\",reason=\"unknown-plant\""))
        .body(containsString("ingest_kafka_ack_seconds"));
  }
}
