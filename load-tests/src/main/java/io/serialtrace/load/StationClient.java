package io.serialtrace.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * What a station (and its devices) does on the wire: {@code POST /v1/events} to ingest (a batch, or
 * one event with {@code Prefer: wait=N}), MQTT readings, and the gate's {@code GET
 * /units/{serial}/state}. Every request carries the bearer token of whoever acts (operator, device,
 * signer); every device publishes over its own authenticated MQTT connection. Thread-safe: one
 * instance serves every simulated station.
 */
public final class StationClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String ingestUrl;
  private final String gateUrl;
  private final Optional<String> mqttUrl;
  private final SimIdentity identity;

  /** One MQTT connection per device, logged in as that device (the broker's ACL binds topics). */
  private final Map<String, MqttClient> devices = new ConcurrentHashMap<>();

  /** A gate answer to a waited event: the HTTP status and the reason codes of a refusal. */
  public record Decision(int status, List<String> reasons, JsonNode body) {
    public boolean accepted() {
      return status == 200;
    }

    /** 202: the gate did not answer within the wait. */
    public boolean pending() {
      return status == 202;
    }
  }

  public StationClient(
      String ingestUrl, String gateUrl, Optional<String> mqttUrl, SimIdentity identity) {
    this.ingestUrl = ingestUrl;
    this.gateUrl = gateUrl;
    this.mqttUrl = mqttUrl;
    this.identity = identity;
  }

  /**
   * Posts events as one batch with {@code token} (the bearer every event names as actor) and
   * requires 202 (every event stored by ingest).
   */
  public void post(List<ObjectNode> events, String token) throws IOException, InterruptedException {
    ArrayNode batch = JSON.createArrayNode();
    events.forEach(batch::add);
    HttpResponse<String> response = send(ingestRequest(batch, token).build());
    if (response.statusCode() != 202) {
      throw new IOException(
          "ingest answered " + response.statusCode() + " to a batch: " + response.body());
    }
  }

  /** Posts one event and waits up to {@code seconds} for the gate's decision. */
  public Decision postAndWait(ObjectNode event, int seconds, String token)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(ingestRequest(event, token).header("Prefer", "wait=" + seconds).build());
    int status = response.statusCode();
    if (status != 200 && status != 202 && status != 409 && status != 422) {
      throw new IOException("ingest answered " + status + ": " + response.body());
    }
    JsonNode body = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    List<String> reasons = new ArrayList<>();
    body.path("reasons").forEach(r -> reasons.add(r.asText()));
    return new Decision(status, List.copyOf(reasons), body);
  }

  /**
   * The gate's view of a unit, asked with {@code token} (a reader of the unit's plant, e.g. its
   * station's operator); empty while the gate does not know it (or would not tell this token).
   */
  public Optional<JsonNode> state(String serial, String token)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        gateUrl
                            + "/units/"
                            + URLEncoder.encode(serial, StandardCharsets.UTF_8)
                            + "/state"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build());
    return response.statusCode() == 200
        ? Optional.of(JSON.readTree(response.body()))
        : Optional.empty();
  }

  /**
   * A device reading on {@code plants/{plant}/devices/{device}/measurements}, QoS 1, published by
   * the device's own MQTT connection (its user name and password).
   */
  public void publishReading(String plant, String device, ObjectNode reading)
      throws MqttException, IOException {
    MqttClient client = deviceClient(device);
    client.publish(
        "plants/" + plant + "/devices/" + device + "/measurements",
        JSON.writeValueAsBytes(reading),
        1,
        false);
  }

  private MqttClient deviceClient(String device) throws MqttException {
    String url = mqttUrl.orElseThrow(() -> new IllegalStateException("no MQTT broker configured"));
    try {
      return devices.computeIfAbsent(
          device,
          d -> {
            try {
              MqttClient client =
                  new MqttClient(
                      url, "plant-sim-" + d + "-" + UUID.randomUUID(), new MemoryPersistence());
              MqttConnectOptions options = new MqttConnectOptions();
              options.setCleanSession(true);
              options.setAutomaticReconnect(true);
              options.setMaxInflight(1000);
              options.setUserName(d);
              options.setPassword(identity.mqttPassword(d).toCharArray());
              client.connect(options);
              return client;
            } catch (MqttException e) {
              throw new IllegalStateException(e);
            }
          });
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof MqttException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private HttpRequest.Builder ingestRequest(JsonNode body, String token) throws IOException {
    return HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/events"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    devices
        .values()
        .forEach(
            client -> {
              try {
                client.disconnect(2_000);
                client.close();
              } catch (MqttException e) {
                // Nothing left to release: the broker drops the session on its own.
              }
            });
    http.close();
  }
}
