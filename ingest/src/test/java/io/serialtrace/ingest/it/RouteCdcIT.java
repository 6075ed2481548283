package io.serialtrace.ingest.it;

import static io.serialtrace.ingest.it.MesDatabase.awaitSlotActive;
import static io.serialtrace.ingest.it.MesDatabase.deleteProduct;
import static io.serialtrace.ingest.it.MesDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.serialtrace.schemas.MeasurementRequirement;
import io.serialtrace.schemas.MeasurementSource;
import io.serialtrace.schemas.PartTracking;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.RouteStatus;
import io.serialtrace.schemas.RouteStep;
import io.serialtrace.schemas.ScanRequirement;
import io.serialtrace.schemas.SignatureRequirement;
import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Route master data reaches trace.routes.v1 through Debezium: a revision appears as an Avro Route
 * keyed by product when it is RELEASED, never while DRAFT, and a Kafka outage delays it, never
 * loses it.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@ExtendWith(LocalStackExtension.class)
class RouteCdcIT {
  private static final String ROUTES = "trace.routes.v1";
  private static final Duration OUTAGE = Duration.ofSeconds(30);

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void publishesTheSeededReleasedRoutes(StackEndpoints stack) {
    try (TopicReader<Route> reader = TopicReader.avro(stack, ROUTES, Route.class, true)) {
      List<ConsumerRecord<String, Route>> seeded =
          reader.await(
              r -> r.key().equals("IP-200-SUB") || r.key().equals("IP-200-FINAL"),
              2,
              Duration.ofSeconds(60));
      assertThat(seeded).extracting(ConsumerRecord::key).contains("IP-200-SUB", "IP-200-FINAL");
      Route pump =
          seeded.stream()
              .filter(r -> r.key().equals("IP-200-FINAL"))
              .findFirst()
              .orElseThrow()
              .value();
      assertThat(pump.getRevision()).isEqualTo("C");
      assertThat(pump.getSteps()).hasSize(8);
      assertThat(pump.getSteps().get(1).getRequiredScans())
          .containsExactly(new ScanRequirement("IP-200-SUB", PartTracking.SERIALIZED, 1));
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void publishesARevisionWhenReleasedAndNeverADraft(StackEndpoints stack) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String released = "IT-REL-" + run;
    String draft = "IT-DRAFT-" + run;
    try (Connection db =
            DriverManager.getConnection(
                stack.postgresJdbcUrl(), stack.postgresUser(), stack.postgresPassword());
        TopicReader<Route> reader = TopicReader.avro(stack, ROUTES, Route.class)) {
      try {
        // 1. The engine streams from its slot (changes from now on are captured).
        awaitSlotActive(db);

        // 2. Two products with one DRAFT revision each; only the first is released, afterwards.
        insertDraft(db, draft);
        insertDraft(db, released);
        execute(
            db,
            "UPDATE mes.route_revision SET status = 'RELEASED', released_at = now()"
                + " WHERE product_id = '"
                + released
                + "'");

        // 3. The released one appears, assembled from all its tables.
        List<ConsumerRecord<String, Route>> found =
            reader.await(r -> r.key().equals(released), 1, Duration.ofSeconds(60));
        assertThat(found).hasSize(1);
        Route route = found.getFirst().value();
        assertThat(route.getProduct()).isEqualTo(released);
        assertThat(route.getRevision()).isEqualTo("A");
        assertThat(route.getStatus()).isEqualTo(RouteStatus.RELEASED);
        assertThat(route.getReleasedAt()).isNotNull();
        assertThat(route.getMaxEntryLagMillis()).isEqualTo(120_000L);
        assertThat(route.getSteps()).extracting(RouteStep::getStepId).containsExactly("10", "20");
        RouteStep first = route.getSteps().getFirst();
        assertThat(first.getMaxDurationMillis()).isEqualTo(600_000L);
        assertThat(first.getRequiredScans())
            .containsExactly(new ScanRequirement("PART-1", PartTracking.LOT, 3));
        assertThat(first.getRequiredMeasurements())
            .containsExactly(
                new MeasurementRequirement("torque", "Nm", 1.8, 2.2, MeasurementSource.DEVICE));
        assertThat(route.getSteps().get(1).getRequiredSignatures())
            .containsExactly(new SignatureRequirement("APPROVED", "QUALITY_INSPECTOR"));

        // 4. The draft, written before the release, never appears (its changes were read first).
        assertThat(reader.drain(r -> r.key().equals(draft), Duration.ofSeconds(3))).isEmpty();
      } finally {
        deleteProduct(db, released);
        deleteProduct(db, draft);
      }
    }
  }

  /**
   * Issue 17: the first publication Kafka did not acknowledge in time stopped the engine for good.
   * A route released while the broker is down (for longer than the producer's max.block.ms and
   * delivery.timeout.ms, so the first attempt fails) is published once the broker is back.
   */
  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void publishesARouteReleasedWhileKafkaIsDownOnceKafkaIsBack(StackEndpoints stack)
      throws Exception {
    String product = "IT-OUTAGE-" + UUID.randomUUID().toString().substring(0, 8);
    LocalStack kafka =
        LocalStack.of(StackSettings.forTests(RepositoryHome.find())).only(List.of("kafka"));
    try (Connection db =
        DriverManager.getConnection(
            stack.postgresJdbcUrl(), stack.postgresUser(), stack.postgresPassword())) {
      try {
        // 1. The engine streams; a DRAFT revision waits.
        awaitSlotActive(db);
        insertDraft(db, product);

        // 2. The broker stops; the revision is released; the outage outlasts the routes
        // producer's max.block.ms (10 s) and delivery.timeout.ms (20 s): the first attempt fails.
        try {
          kafka.stop(List.of("kafka"), Progress.printingTo(System.out));
          execute(
              db,
              "UPDATE mes.route_revision SET status = 'RELEASED', released_at = now()"
                  + " WHERE product_id = '"
                  + product
                  + "'");
          Thread.sleep(OUTAGE.toMillis());
        } finally {
          kafka.up(Progress.printingTo(System.out));
        }

        // 3. Once the broker is back, the route is on the topic.
        try (TopicReader<Route> reader = TopicReader.avro(stack, ROUTES, Route.class, true)) {
          List<ConsumerRecord<String, Route>> found =
              reader.await(r -> r.key().equals(product), 1, Duration.ofSeconds(120));
          assertThat(found)
              .as("route %s released during the outage, published after it", product)
              .hasSize(1);
          assertThat(found.getFirst().value().getStatus()).isEqualTo(RouteStatus.RELEASED);
        }
      } finally {
        deleteProduct(db, product);
      }
    }
  }

  private static void insertDraft(Connection db, String product) throws Exception {
    execute(db, "INSERT INTO mes.product (product_id, name) VALUES ('" + product + "', 'IT')");
    execute(
        db,
        "INSERT INTO mes.route_revision (product_id, revision, max_entry_lag_ms) VALUES ('"
            + product
            + "', 'A', 120000)");
    execute(
        db,
        "INSERT INTO mes.route_step (product_id, revision, step_id, sequence, name,"
            + " max_duration_ms) VALUES ('"
            + product
            + "', 'A', '10', 1, 'First', 600000), ('"
            + product
            + "', 'A', '20', 2, 'Second', NULL)");
    execute(
        db, "INSERT INTO mes.step_scan VALUES ('" + product + "', 'A', '10', 'PART-1', 'LOT', 3)");
    execute(
        db,
        "INSERT INTO mes.step_measurement VALUES ('"
            + product
            + "', 'A', '10', 'torque', 'Nm', 1.8, 2.2, 'DEVICE')");
    execute(
        db,
        "INSERT INTO mes.step_signature VALUES ('"
            + product
            + "', 'A', '20', 'APPROVED', 'QUALITY_INSPECTOR')");
  }
}
