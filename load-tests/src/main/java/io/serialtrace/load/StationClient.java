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
import java.util.function.Supplier;
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

  private final EventLedger ledger;
  private final Duration settleWithin;

  /** One MQTT connection per device, logged in as that device (the broker's ACL binds topics). */
  private final Map<String, MqttClient> devices = new ConcurrentHashMap<>();

  /** Pause between two sends of the same events while they are not settled. */
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

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
    this(ingestUrl, gateUrl, mqttUrl, identity, EventLedger.NONE, Duration.ZERO);
  }

  /**
   * A client that behaves as a station does when a call fails: events answered 503 (not confirmed)
   * or not answered at all (refused connection, timeout) are sent again with the same eventIds and
   * bytes until settled, for at most {@code settleWithin}; so are device readings the broker did
   * not acknowledge and the gate's state reads. Every last answer goes to {@code ledger}.
   */
  public StationClient(
      String ingestUrl,
      String gateUrl,
      Optional<String> mqttUrl,
      SimIdentity identity,
      EventLedger ledger,
      Duration settleWithin) {
    this.ingestUrl = ingestUrl;
    this.gateUrl = gateUrl;
    this.mqttUrl = mqttUrl;
    this.identity = identity;
    this.ledger = ledger;
    this.settleWithin = settleWithin;
  }

  /** How long this station keeps at one send, read or answer (zero: it does not retry). */
  public Duration settleWithin() {
    return settleWithin;
  }

  /**
   * Posts events as one batch with {@code token} (the bearer every event names as actor) and
   * requires 202 (every event stored by ingest).
   */
  public void post(List<ObjectNode> events, String token) throws IOException, InterruptedException {
    post(events, () -> token);
  }

  /**
   * Posts events as one batch and requires 202; each send asks {@code token} for the bearer, so a
   * signer can re-authenticate (a fresh signing token) when a resend comes after its token aged.
   */
  public void post(List<ObjectNode> events, Supplier<String> token)
      throws IOException, InterruptedException {
    ArrayNode batch = JSON.createArrayNode();
    events.forEach(batch::add);
    byte[] body = JSON.writeValueAsBytes(batch);
    HttpResponse<String> response =
        sendToIngest(
            () -> ingestRequest(body, token.get()).build(),
            eventIds(events),
            EventLedger.Channel.HTTP,
            deadline());
    if (response.statusCode() != 202) {
      throw new IOException(
          "ingest answered " + response.statusCode() + " to a batch: " + response.body());
    }
  }

  /** Posts one event and waits up to {@code seconds} for the gate's decision. */
  public Decision postAndWait(ObjectNode event, int seconds, String token)
      throws IOException, InterruptedException {
    byte[] body = JSON.writeValueAsBytes(event);
    List<String> ids = eventIds(List.of(event));
    Supplier<HttpRequest> request =
        () -> ingestRequest(body, token).header("Prefer", "wait=" + seconds).build();
    long deadline = deadline();
    HttpResponse<String> response =
        sendToIngest(request, ids, EventLedger.Channel.HTTP_WAITED, deadline);
    while (response.statusCode() == 202 && !settleWithin.isZero()) {
      Optional<HttpResponse<String>> answer = awaitDecision(response, token, deadline);
      if (answer.isPresent()) {
        response = answer.get();
        break;
      }
      // The ingest that answered forgot the wait (restarted): ask again, same eventId and bytes;
      // ingest stores it at most once more and the gate answers a known eventId with its decision.
      response = sendToIngest(request, ids, EventLedger.Channel.HTTP_WAITED, deadline);
    }
    int status = response.statusCode();
    if (status == 503 && problem(response).equals(CLAIM_UNAVAILABLE)) {
      // The gate decided: the component's claim was not confirmed in time, nothing recorded.
      return new Decision(status, List.of(CLAIM_UNAVAILABLE), JSON.readTree(response.body()));
    }
    if (status != 200 && status != 202 && status != 409 && status != 422) {
      throw new IOException("ingest answered " + status + ": " + response.body());
    }
    JsonNode answer = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    List<String> reasons = new ArrayList<>();
    answer.path("reasons").forEach(r -> reasons.add(r.asText()));
    return new Decision(status, List.copyOf(reasons), answer);
  }

  /**
   * A settling station whose wait ran out asks ingest's {@code Location} (the decision of the event
   * it waited for) until decided or {@code deadline}: the decision, the pending answer at the
   * deadline, or empty when the ingest that answers does not know the event (404: restarted since).
   */
  private Optional<HttpResponse<String>> awaitDecision(
      HttpResponse<String> pending, String token, long deadline)
      throws IOException, InterruptedException {
    Optional<String> location = pending.headers().firstValue("Location");
    if (location.isEmpty()) {
      return Optional.of(pending);
    }
    HttpRequest poll =
        HttpRequest.newBuilder(URI.create(ingestUrl).resolve(location.get()))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    while (System.nanoTime() < deadline) {
      Thread.sleep(RETRY_PAUSE);
      HttpResponse<String> answer;
      try {
        answer = send(poll);
      } catch (IOException e) {
        continue; // ingest restarting: its answer may still come
      }
      int status = answer.statusCode();
      if (status == 200
          || status == 409
          || status == 422
          || (status == 503 && problem(answer).equals(CLAIM_UNAVAILABLE))) {
        return Optional.of(answer);
      }
      if (status == 404) {
        return Optional.empty();
      }
      if (status < 500 && status != 202) {
        return Optional.of(pending);
      }
    }
    return Optional.of(pending);
  }

  /**
   * The gate's view of a unit, asked with {@code token} (a reader of the unit's plant, e.g. its
   * station's operator); empty while the gate does not know it (or would not tell this token).
   */
  public Optional<JsonNode> state(String serial, String token)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        sendSettled(
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
      throws MqttException, IOException, InterruptedException {
    MqttClient client = deviceClient(device);
    byte[] bytes = JSON.writeValueAsBytes(reading);
    List<String> ids = List.of(reading.path("eventId").asText());
    long deadline = deadline();
    for (int attempt = 1; ; attempt++) {
      try {
        synchronized (client) {
          if (!client.isConnected()) {
            client.connect(connectOptions(device));
          }
        }
        client.publish("plants/" + plant + "/devices/" + device + "/measurements", bytes, 1, false);
        ledger.answered(
            ids, EventLedger.Channel.MQTT, new EventLedger.Answer(200, "", attempt, attempt > 1));
        return;
      } catch (MqttException e) {
        if (System.nanoTime() > deadline) {
          ledger.answered(
              ids,
              EventLedger.Channel.MQTT,
              new EventLedger.Answer(EventLedger.NO_ANSWER, "", attempt, true));
          throw e;
        }
        Thread.sleep(RETRY_PAUSE);
      }
    }
  }

  private MqttConnectOptions connectOptions(String device) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    // Reconnected by publishReading when needed: paho's own reconnect backs off to minutes.
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout(5);
    options.setMaxInflight(1000);
    options.setUserName(device);
    options.setPassword(identity.mqttPassword(device).toCharArray());
    return options;
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
              // A publish waits for the broker's PUBACK at most this long (not forever).
              client.setTimeToWait(10_000);
              return client; // connected by publishReading, which retries while the broker is away

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

  private HttpRequest.Builder ingestRequest(byte[] body, String token) {
    return HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/events"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /** The end of a station's patience for what it starts now ({@link #settleWithin} from now). */
  private long deadline() {
    return System.nanoTime() + settleWithin.toNanos();
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static final String CLAIM_UNAVAILABLE = "claim-unavailable";
  private static final String PROBLEM_PREFIX = "urn:serialtrace:problem:";

  /**
   * Sends events to ingest until settled (until {@code deadline}): a 503 other than {@code
   * claim-unavailable} (a decision: scan again under a new eventId) and a send without answer are
   * retried with the same bytes. The last answer goes to the ledger.
   */
  private HttpResponse<String> sendToIngest(
      Supplier<HttpRequest> request,
      List<String> eventIds,
      EventLedger.Channel channel,
      long deadline)
      throws IOException, InterruptedException {
    boolean uncertain = false;
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<String> response = send(request.get());
        String problem = problem(response);
        boolean settled = response.statusCode() != 503 || problem.equals(CLAIM_UNAVAILABLE);
        if (settled || System.nanoTime() > deadline) {
          ledger.answered(
              eventIds,
              channel,
              new EventLedger.Answer(response.statusCode(), problem, attempt, uncertain));
          return response;
        }
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          ledger.answered(
              eventIds, channel, new EventLedger.Answer(EventLedger.NO_ANSWER, "", attempt, true));
          throw e;
        }
      }
      uncertain = true;
      Thread.sleep(RETRY_PAUSE);
    }
  }

  /** A read, sent again while unanswered or answered 5xx (within {@link #settleWithin}). */
  private HttpResponse<String> sendSettled(HttpRequest request)
      throws IOException, InterruptedException {
    long deadline = deadline();
    while (true) {
      try {
        HttpResponse<String> response = send(request);
        if (response.statusCode() < 500 || System.nanoTime() > deadline) {
          return response;
        }
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(RETRY_PAUSE);
    }
  }

  /** The slug of a problem document's type ({@code kafka-unavailable}), or empty. */
  private static String problem(HttpResponse<String> response) {
    String body = response.body();
    int at = body.indexOf(PROBLEM_PREFIX);
    if (at < 0) {
      return "";
    }
    int from = at + PROBLEM_PREFIX.length();
    int to = from;
    while (to < body.length()
        && (Character.isLetterOrDigit(body.charAt(to)) || body.charAt(to) == '-')) {
      to++;
    }
    return body.substring(from, to);
  }

  private static List<String> eventIds(List<ObjectNode> events) {
    return events.stream().map(e -> e.path("eventId").asText()).toList();
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
