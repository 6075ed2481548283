package io.serialtrace.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * MES master data reaches the pipeline through Debezium: the private PostgreSQL cluster must serve
 * logical replication ({@code pgoutput}) to the embedded engine, as the services will use it.
 */
@ExtendWith(LocalStackExtension.class)
class DebeziumCdcIT {
  private static final Duration STREAMING_WAIT = Duration.ofSeconds(60);
  private static final Duration EVENT_WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void deliversInsertAndUpdateOfAMesRowToTheEmbeddedEngine(
      StackEndpoints endpoints, @TempDir Path offsets) throws Exception {
    // Unique per run, so runs never share a slot, a publication or a table.
    String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String table = "cdc_it_" + run;
    String slot = "trace_it_" + run;
    String publication = "trace_it_" + run;
    BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    CompletableFuture<String> engineEnded = new CompletableFuture<>();
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "debezium"));

    try (Connection db =
        DriverManager.getConnection(
            endpoints.postgresJdbcUrl(), endpoints.postgresUser(), endpoints.postgresPassword())) {
      DebeziumEngine<ChangeEvent<String, String>> engine = null;
      try {
        // 1. A table in schema mes of the mes database.
        execute(db, "CREATE SCHEMA IF NOT EXISTS mes");
        execute(
            db,
            "CREATE TABLE mes."
                + table
                + " (serial text PRIMARY KEY, station text NOT NULL, status text NOT NULL,"
                + " torque_nm numeric(6,2))");

        // 2. The embedded engine on its own executor, streaming from a fresh slot.
        engine =
            DebeziumEngine.create(Json.class)
                .using(engineProperties(endpoints, offsets, table, slot, publication))
                .notifying(event -> onChange(event, events))
                .using(
                    (success, message, error) ->
                        engineEnded.complete(
                            message + (error == null ? "" : ": " + error.getMessage())))
                .build();
        executor.execute(engine);
        awaitSlotStreaming(db, slot, engineEnded);

        // 3. Insert a row, then update it.
        long committed = System.nanoTime();
        try (PreparedStatement insert =
            db.prepareStatement(
                "INSERT INTO mes."
                    + table
                    + " (serial, station, status, torque_nm)"
                    + " VALUES (?, ?, ?, ?)")) {
          insert.setString(1, "SN-0001");
          insert.setString(2, "S1");
          insert.setString(3, "STARTED");
          insert.setBigDecimal(4, new BigDecimal("12.50"));
          insert.executeUpdate();
        }
        execute(
            db,
            "UPDATE mes."
                + table
                + " SET status = 'COMPLETED', station = 'S2' WHERE serial = 'SN-0001'");

        // 4. Both changes arrive in the callback, each with the row's new values.
        JsonNode created = nextEvent(events, engineEnded);
        // Reported, not asserted: a timing assertion would only make the test flaky.
        System.out.printf(
            "DebeziumCdcIT: insert reached the callback after %d ms%n",
            (System.nanoTime() - committed) / 1_000_000);
        assertThat(created.path("op").asText()).isEqualTo("c");
        assertThat(created.path("source").path("schema").asText()).isEqualTo("mes");
        assertThat(created.path("source").path("table").asText()).isEqualTo(table);
        assertThat(created.path("after").path("serial").asText()).isEqualTo("SN-0001");
        assertThat(created.path("after").path("station").asText()).isEqualTo("S1");
        assertThat(created.path("after").path("status").asText()).isEqualTo("STARTED");
        assertThat(created.path("after").path("torque_nm").asText()).isEqualTo("12.50");

        JsonNode updated = nextEvent(events, engineEnded);
        assertThat(updated.path("op").asText()).isEqualTo("u");
        assertThat(updated.path("after").path("serial").asText()).isEqualTo("SN-0001");
        assertThat(updated.path("after").path("station").asText()).isEqualTo("S2");
        assertThat(updated.path("after").path("status").asText()).isEqualTo("COMPLETED");
      } finally {
        // 5. Stop the engine, then drop what this run created so no slot keeps WAL.
        if (engine != null) {
          engine.close();
        }
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
        dropSlot(db, slot);
        execute(db, "DROP PUBLICATION IF EXISTS " + publication);
        execute(db, "DROP TABLE IF EXISTS mes." + table);
      }
    }
  }

  private static Properties engineProperties(
      StackEndpoints endpoints, Path offsets, String table, String slot, String publication) {
    URI server = URI.create(endpoints.postgresJdbcUrl().substring("jdbc:".length()));
    Properties props = new Properties();
    props.setProperty("name", "trace-cdc-it");
    props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    props.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
    props.setProperty("offset.storage.file.filename", offsets.resolve("offsets.dat").toString());
    props.setProperty("offset.flush.interval.ms", "1000");
    props.setProperty("database.hostname", server.getHost());
    props.setProperty("database.port", Integer.toString(server.getPort()));
    props.setProperty("database.user", endpoints.postgresUser());
    props.setProperty("database.password", endpoints.postgresPassword());
    props.setProperty("database.dbname", server.getPath().substring(1));
    props.setProperty("topic.prefix", "trace_it");
    props.setProperty("plugin.name", "pgoutput");
    props.setProperty("slot.name", slot);
    props.setProperty("slot.drop.on.stop", "true");
    props.setProperty("publication.name", publication);
    props.setProperty("publication.autocreate.mode", "filtered");
    props.setProperty("table.include.list", "mes." + table);
    // Only changes made after the engine started matter here; the table is empty anyway.
    props.setProperty("snapshot.mode", "no_data");
    // numeric as its decimal text ("12.50"), not the default base64 of the unscaled bytes.
    props.setProperty("decimal.handling.mode", "string");
    // The envelope alone (before, after, source, op), without the Connect schema around it.
    props.setProperty("converter.schemas.enable", "false");
    return props;
  }

  private static void onChange(ChangeEvent<String, String> event, BlockingQueue<JsonNode> events) {
    if (event.value() == null) {
      return; // A tombstone after a delete; this test deletes nothing.
    }
    try {
      events.add(JSON.readTree(event.value()));
    } catch (IOException e) {
      throw new UncheckedIOException("Debezium sent a value that is not JSON: " + event.value(), e);
    }
  }

  /** Waits until the engine streams from the slot: changes committed after that are captured. */
  private static void awaitSlotStreaming(
      Connection db, String slot, CompletableFuture<String> engineEnded) throws Exception {
    long deadline = System.nanoTime() + STREAMING_WAIT.toNanos();
    try (PreparedStatement query =
        db.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
      query.setString(1, slot);
      while (System.nanoTime() < deadline) {
        if (engineEnded.isDone()) {
          throw new AssertionError("The Debezium engine stopped: " + engineEnded.getNow(""));
        }
        try (ResultSet rows = query.executeQuery()) {
          if (rows.next() && rows.getBoolean(1)) {
            return;
          }
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError(
        "Debezium did not start streaming from slot " + slot + " in " + STREAMING_WAIT);
  }

  private static JsonNode nextEvent(
      BlockingQueue<JsonNode> events, CompletableFuture<String> engineEnded) throws Exception {
    JsonNode event = events.poll(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (event == null) {
      throw new AssertionError(
          "No change event within "
              + EVENT_WAIT
              + (engineEnded.isDone() ? "; the engine stopped: " + engineEnded.getNow("") : ""));
    }
    return event;
  }

  /**
   * Drops the slot if the engine left it; it must be inactive, so wait for the engine's release.
   */
  private static void dropSlot(Connection db, String slot) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    try (PreparedStatement drop =
        db.prepareStatement(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                + " WHERE slot_name = ? AND NOT active")) {
      drop.setString(1, slot);
      while (slotExists(db, slot)) {
        drop.execute();
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "Replication slot " + slot + " is still active; drop it by hand");
        }
        Thread.sleep(100);
      }
    }
  }

  private static boolean slotExists(Connection db, String slot) throws SQLException {
    try (PreparedStatement query =
        db.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
      query.setString(1, slot);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static void execute(Connection db, String sql) throws SQLException {
    try (Statement statement = db.createStatement()) {
      statement.execute(sql);
    }
  }
}
