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
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
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

  private final IngestSettings.Cdc settings;
  private final RouteAssembler assembler;
  private final EventPublisher publisher;
  private final String jdbcUrl;
  private final String user;
  private final String password;

  /** Pause before sending again a route Kafka gave up on (its producer already waited). */
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  /** How often a waiting publication looks whether ingest is stopping. */
  private static final Duration WAIT_SLICE = Duration.ofMillis(500);

  private final AtomicReference<String> stopped = new AtomicReference<>();
  private volatile boolean running = true;
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

  /** Empty while the engine runs; why it stopped otherwise (for health). */
  public Optional<String> stoppedBecause() {
    return settings.enabled() ? Optional.ofNullable(stopped.get()) : Optional.empty();
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
                  stopped.set(message + (error == null ? "" : ": " + error.getMessage()));
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
    props.setProperty("slot.drop.on.stop", Boolean.toString(settings.dropSlotOnStop()));
    props.setProperty("publication.name", settings.publicationName());
    props.setProperty("publication.autocreate.mode", "filtered");
    props.setProperty("table.include.list", TABLE);
    // First start: read the released routes already there, then stream changes.
    props.setProperty("snapshot.mode", "initial");
    props.setProperty("decimal.handling.mode", "string");
    props.setProperty("converter.schemas.enable", "false");
    return props;
  }

  private void onChange(ChangeEvent<String, String> change) {
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
    try {
      Optional<Route> route = assembler.load(product, revision);
      // Read now, not at the change: if the revision was obsoleted since, a later change covers it.
      if (route.isEmpty() || route.get().getStatus() != RouteStatus.RELEASED) {
        LOG.infof("Route %s rev %s is no longer RELEASED; not published", product, revision);
        return;
      }
      publishUntilAcknowledged(route.get(), product + " rev " + revision);
      LOG.infof(
          "Published route %s rev %s (%d steps)", product, revision, route.get().getSteps().size());
    } catch (Exception e) {
      // Stops the engine before its offset moves past this change: it is read again at restart.
      throw new IllegalStateException(
          "Route " + product + " rev " + revision + " could not be published; CDC stops", e);
    }
  }

  /**
   * Holds this change until Kafka has the route: the engine's offset must not move past it, and
   * nothing restarts a stopped engine but a restart of ingest. (It used to give up after one {@code
   * publish-timeout} and stop the engine for good: on a loaded machine the first slow
   * acknowledgement ended route publication until ingest was restarted.) An attempt not yet
   * acknowledged is waited for further, not sent again (it may still land), with a WARN every
   * {@code publish-timeout}; an attempt Kafka gave up on is sent again after {@link #RETRY_PAUSE}.
   * Only shutdown ends the wait, before the offset moves: the route is read again at the next
   * start.
   */
  private void publishUntilAcknowledged(Route route, String what) throws InterruptedException {
    CompletableFuture<Void> attempt = publisher.publish(route);
    long timeout = settings.publishTimeout().toMillis();
    long waited = 0;
    long warnAt = timeout;
    while (true) {
      if (!running) {
        throw new IllegalStateException(
            "ingest is stopping; route " + what + " is read again at the next start");
      }
      try {
        attempt.get(WAIT_SLICE.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        waited += WAIT_SLICE.toMillis();
        if (waited >= warnAt) {
          warnAt += timeout;
          LOG.warnf(
              "Route %s not yet acknowledged by Kafka after %d ms; route CDC waits for it (later"
                  + " route changes wait behind it)",
              what, waited);
        }
      } catch (ExecutionException e) {
        LOG.warnf(
            "Kafka did not take route %s (%s); sending it again in %d ms (later route changes"
                + " wait behind it)",
            what, e.getCause(), RETRY_PAUSE.toMillis());
        Thread.sleep(RETRY_PAUSE.toMillis());
        attempt = publisher.publish(route);
      }
    }
  }

  void onStop(@Observes ShutdownEvent stop) throws Exception {
    running = false;
    if (engine != null) {
      engine.close();
    }
    if (executor != null) {
      executor.shutdown();
      executor.awaitTermination(30, TimeUnit.SECONDS);
    }
  }
}
