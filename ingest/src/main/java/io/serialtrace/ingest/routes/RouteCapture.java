package io.serialtrace.ingest.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.serialtrace.ingest.config.IngestSettings;
import io.serialtrace.ingest.kafka.EventPublisher;
import io.serialtrace.ingest.kafka.TopicSetup;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.RouteStatus;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes released routes from the MES database: the Debezium embedded engine (pgoutput) captures
 * {@code mes.route_revision}; when a row's status is RELEASED, the whole revision is read by JDBC
 * ({@link RouteAssembler}) and sent as an Avro {@code Route} keyed by product to the compacted
 * route topic. DRAFT and OBSOLETE revisions are never published. The engine's offsets are a file
 * under {@code ingest.cdc.offset-dir}, committed only after Kafka acknowledged the route, so a
 * crash re-publishes rather than loses (the compacted topic keeps the latest per product).
 */
@ApplicationScoped
public class RouteCapture {
  private static final Logger LOG = Logger.getLogger(RouteCapture.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TABLE = "mes.route_revision";

  /** Back-off between attempts to publish one change (doubling). */
  private static final Duration RETRY_INITIAL = Duration.ofMillis(500);

  private static final Duration RETRY_MAX = Duration.ofSeconds(10);

  /** Debezium's heartbeat records go to {@code __debezium-heartbeat.<topic.prefix>}. */
  private static final String HEARTBEATS = "__debezium-heartbeat";

  private final IngestSettings.Cdc settings;
  private final RouteAssembler assembler;
  private final EventPublisher publisher;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  // The system's instant source, not the server clock bean: tests move that one, and progress is
  // about real elapsed time.
  private final CdcProgress progress = new CdcProgress(InstantSource.system());
  private volatile boolean closing;
  private ExecutorService executor;
  private DebeziumEngine<ChangeEvent<String, String>> engine;

  public RouteCapture(
      IngestSettings settings,
      RouteAssembler assembler,
      EventPublisher publisher,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
      @ConfigProperty(name = "quarkus.datasource.username") String user,
      @ConfigProperty(name = "quarkus.datasource.password") String password) {
    this.settings = settings.cdc();
    this.assembler = assembler;
    this.publisher = publisher;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /**
   * Whether the engine makes progress (for liveness), judged by {@code ingest.cdc.stall-timeout};
   * empty when CDC is disabled.
   */
  public Optional<CdcProgress.Verdict> progress() {
    return settings.enabled()
        ? Optional.of(progress.verdict(settings.stallTimeout()))
        : Optional.empty();
  }

  void onStart(@Observes @Priority(TopicSetup.PRIORITY + 20) StartupEvent start)
      throws IOException {
    if (!settings.enabled()) {
      LOG.info("Route CDC is disabled (ingest.cdc.enabled=false)");
      return;
    }
    Files.createDirectories(settings.offsetDir());
    engine =
        DebeziumEngine.create(Json.class)
            .using(engineProperties())
            .notifying(this::onChange)
            .using(
                (success, message, error) -> {
                  progress.stopped(message + (error == null ? "" : ": " + error.getMessage()));
                  if (!success) {
                    LOG.errorf(error, "Route CDC stopped: %s", message);
                  }
                })
            .build();
    executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "route-cdc"));
    executor.execute(engine);
  }

  private Properties engineProperties() {
    URI server = URI.create(jdbcUrl.substring("jdbc:".length()));
    Properties props = new Properties();
    props.setProperty("name", "trace-ingest-routes");
    props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    props.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
    props.setProperty(
        "offset.storage.file.filename", settings.offsetDir().resolve("offsets.dat").toString());
    props.setProperty("offset.flush.interval.ms", "1000");
    props.setProperty("database.hostname", server.getHost());
    props.setProperty("database.port", Integer.toString(server.getPort()));
    props.setProperty("database.user", user);
    props.setProperty("database.password", password);
    props.setProperty("database.dbname", server.getPath().substring(1));
    props.setProperty("topic.prefix", "mes");
    props.setProperty("plugin.name", "pgoutput");
    props.setProperty("slot.name", settings.slotName());
    // Never Debezium's own drop: it drops the slot whenever its task stops, which includes the
    // restart after a lost connection, and the restarted task then finds a new slot without its
    // offset and fails for good. ingest.cdc.drop-slot-on-stop is honoured at shutdown instead.
    props.setProperty("slot.drop.on.stop", "false");
    props.setProperty("publication.name", settings.publicationName());
    props.setProperty("publication.autocreate.mode", "filtered");
    props.setProperty("table.include.list", TABLE);
    // First start: read the released routes already there, then stream changes.
    props.setProperty("snapshot.mode", "initial");
    props.setProperty("decimal.handling.mode", "string");
    props.setProperty("converter.schemas.enable", "false");
    // A heartbeat record while the table is quiet: the progress liveness judges by.
    props.setProperty(
        "heartbeat.interval.ms", Long.toString(settings.heartbeatInterval().toMillis()));
    // A lost PostgreSQL connection is retried without end (backing off up to 10 s), so the engine
    // resumes from its offsets when the database is back and no route change is lost; a retry
    // that never succeeds is caught by the stall timeout.
    props.setProperty("errors.max.retries", "-1");
    props.setProperty("errors.retry.delay.initial.ms", "300");
    props.setProperty("errors.retry.delay.max.ms", "10000");
    return props;
  }

  private void onChange(ChangeEvent<String, String> change) {
    progress.recordSeen();
    if (change.destination().startsWith(HEARTBEATS)) {
      return; // a heartbeat: progress only
    }
    if (change.value() == null) {
      return; // tombstone after a delete: a deleted revision is not a release
    }
    JsonNode envelope;
    try {
      envelope = JSON.readTree(change.value());
    } catch (IOException e) {
      throw new IllegalStateException(
          "Debezium sent a value that is not JSON: " + change.value(), e);
    }
    JsonNode after = envelope.path("after");
    if (after.isMissingNode() || after.isNull()) {
      return; // a delete
    }
    if (!RouteStatus.RELEASED.name().equals(after.path("status").asText())) {
      return; // DRAFT or OBSOLETE: never reaches the gate
    }
    String product = after.path("product_id").asText();
    String revision = after.path("revision").asText();
    // PostgreSQL (reading the revision) or Kafka (publishing it) may be down: retry this change
    // until it is published, never skip it. The engine's offset stays before it meanwhile; a retry
    // longer than ingest.cdc.stall-timeout turns liveness DOWN (no progress), and a restart reads
    // the change again from the offsets.
    Duration backoff = RETRY_INITIAL;
    for (int attempt = 1; ; attempt++) {
      try {
        publishIfReleased(product, revision);
        return;
      } catch (Exception e) {
        if (closing) {
          throw new IllegalStateException(
              "Route "
                  + product
                  + " rev "
                  + revision
                  + " not published at shutdown; it is read again at the next start",
              e);
        }
        LOG.warnf(
            "Route %s rev %s not published (attempt %d): %s; retrying in %d ms, later changes wait"
                + " (nothing is skipped)",
            product, revision, attempt, e.toString(), backoff.toMillis());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(
              "Route " + product + " rev " + revision + " not published: interrupted", e);
        }
        backoff =
            backoff.multipliedBy(2).compareTo(RETRY_MAX) <= 0 ? backoff.multipliedBy(2) : RETRY_MAX;
      }
    }
  }

  private void publishIfReleased(String product, String revision) throws Exception {
    Optional<Route> route = assembler.load(product, revision);
    // Read now, not at the change: if the revision was obsoleted since, a later change covers it.
    if (route.isEmpty() || route.get().getStatus() != RouteStatus.RELEASED) {
      LOG.infof("Route %s rev %s is no longer RELEASED; not published", product, revision);
      return;
    }
    publisher.publish(route.get()).get(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    LOG.infof(
        "Published route %s rev %s (%d steps)", product, revision, route.get().getSteps().size());
  }

  void onStop(@Observes ShutdownEvent stop) throws Exception {
    closing = true;
    if (engine != null) {
      engine.close();
    }
    if (executor != null) {
      executor.shutdown();
      executor.awaitTermination(30, TimeUnit.SECONDS);
    }
    if (settings.enabled() && settings.dropSlotOnStop()) {
      dropSlot();
    }
  }

  /** Drops the replication slot (ingest.cdc.drop-slot-on-stop), once the engine has stopped. */
  private void dropSlot() {
    Properties login = new Properties();
    login.setProperty("user", user);
    login.setProperty("password", password);
    login.setProperty("connectTimeout", "3");
    login.setProperty("socketTimeout", "10");
    try (Connection db = DriverManager.getConnection(jdbcUrl, login);
        PreparedStatement drop =
            db.prepareStatement(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                    + " WHERE slot_name = ?")) {
      drop.setString(1, settings.slotName());
      drop.execute();
      LOG.infof("Dropped replication slot %s (ingest.cdc.drop-slot-on-stop)", settings.slotName());
    } catch (SQLException e) {
      LOG.warnf(
          "Replication slot %s not dropped: %s; it keeps WAL until dropped by hand",
          settings.slotName(), e.getMessage());
    }
  }
}
