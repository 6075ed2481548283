package io.serialtrace.ingest.mqtt;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.serialtrace.ingest.kafka.IngestMetrics;
import io.serialtrace.ingest.kafka.InstanceId;
import io.smallrye.reactive.messaging.mqtt.Clients;
import io.smallrye.reactive.messaging.mqtt.session.MqttClientSession;
import io.smallrye.reactive.messaging.mqtt.session.SessionEvent;
import io.smallrye.reactive.messaging.mqtt.session.SessionState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Makes every loss and return of ingest's MQTT connection visible: a WARN with the cause when it is
 * lost, a WARN and {@code ingest_mqtt_reconnects_total} when it is back, and {@code
 * ingest_mqtt_connected}. (The connector itself only logs "Connection closed" at INFO.)
 *
 * <p>It also resumes the session once at start. The connector connects while it builds the
 * channels, before ingest's methods subscribe to them, and its broadcast drops whatever the broker
 * sends in between: the readings queued while ingest was down and those a killed ingest had not
 * acknowledged (soak: readings lost over a {@code kill -9} of ingest). Unacknowledged (see {@link
 * MqttSessionOptions}), they stay in flight at the broker, which sends them again when the same
 * session connects again — so, once the channels listen, a connected session is disconnected and
 * connected again.
 *
 * <p>The connector does not expose its client session; it keeps it in a private registry ({@code
 * Clients.clients}, keyed by a string ending in {@code -[<client id>]}), read here once at start.
 * Should a connector upgrade move it, the start fails rather than the reconnects going unseen.
 */
@ApplicationScoped
public class MqttConnectionWatch {
  private static final Logger LOG = Logger.getLogger(MqttConnectionWatch.class);

  private final IngestMetrics metrics;
  private final String clientId;
  private volatile boolean stopping;
  private volatile boolean resuming;

  public MqttConnectionWatch(IngestMetrics metrics, InstanceId instanceId) {
    this.metrics = metrics;
    this.clientId = instanceId.value();
  }

  /** After the messaging lifecycle (priority 1000) has created the channels' client. */
  void onStart(@Observes StartupEvent start) {
    List<MqttClientSession> sessions = sessionsOf(clientId);
    if (sessions.isEmpty()) {
      throw new IllegalStateException(
          "No MQTT client with client id '" + clientId + "' found: reconnects would go unseen");
    }
    sessions.forEach(this::watch);
    sessions.forEach(this::resume);
  }

  void onStop(@Observes ShutdownEvent stop) {
    stopping = true;
  }

  private void watch(MqttClientSession session) {
    metrics.watchMqttConnection(session::isConnected);
    Connection connection = new Connection(session.isConnected());
    session.sessionStateHandler(event -> connection.on(event));
  }

  /**
   * A second connection of the session, now that the channels listen: the broker sends again what
   * it sent before. Not connected yet: its first connection comes to listening channels anyway.
   */
  private void resume(MqttClientSession session) {
    if (!session.isConnected()) {
      return;
    }
    resuming = true;
    session.stop().onComplete(stopped -> session.start());
  }

  /** One client's connection history; events arrive on the client's event loop, one at a time. */
  private final class Connection {
    private boolean up;
    private boolean everUp;
    private Instant lostAt = Instant.EPOCH;

    Connection(boolean up) {
      this.up = up;
      this.everUp = up;
    }

    void on(SessionEvent event) {
      SessionState state = event.getSessionState();
      if (state == SessionState.CONNECTED) {
        if (resuming && everUp && !up) {
          resuming = false;
          LOG.infof(
              "MQTT session resumed once the channels listen (client id %s): what the broker sent"
                  + " before comes again",
              clientId);
        } else if (everUp && !up) {
          metrics.mqttReconnected();
          LOG.warnf(
              "MQTT connection re-established after %d ms (client id %s, persistent session:"
                  + " QoS 1 messages queued meanwhile follow)",
              Duration.between(lostAt, Instant.now()).toMillis(), clientId);
        }
        up = true;
        everUp = true;
      } else if (up
          && (state == SessionState.DISCONNECTING || state == SessionState.DISCONNECTED)) {
        up = false;
        lostAt = Instant.now();
        if (!stopping && !resuming) {
          LOG.warnf(
              "MQTT connection lost (client id %s): %s; reconnecting",
              clientId, event.getCause() == null ? "no cause given" : event.getCause().toString());
        }
      }
    }
  }

  /** The connector's client sessions with this client id. */
  @SuppressWarnings("unchecked")
  static List<MqttClientSession> sessionsOf(String clientId) {
    try {
      Field registry = Clients.class.getDeclaredField("clients");
      registry.setAccessible(true);
      Map<String, Clients.ClientHolder> holders =
          (Map<String, Clients.ClientHolder>) registry.get(null);
      return holders.entrySet().stream()
          .filter(entry -> entry.getKey().endsWith("-[" + clientId + "]"))
          .map(entry -> entry.getValue().getClient())
          .toList();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "The MQTT connector's client registry (Clients.clients) is not where it was", e);
    }
  }
}
