package io.serialtrace.ingest.it;

import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.stack.StackEndpoints;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A device for tests: a Paho client on the stack's broker, logged in as that device. */
final class MqttTestClient implements AutoCloseable {
  private static final int ATTEMPTS = 6;

  private final MqttClient client;

  private MqttTestClient(MqttClient client) {
    this.client = client;
  }

  void publish(String topic, byte[] payload) throws Exception {
    client.publish(topic, payload, 1, false);
  }

  /** Paho refuses to close a connected client: disconnect first. */
  @Override
  public void close() throws Exception {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }

  /** Connects as {@code device}, with its password from the stack's secrets. */
  static MqttTestClient connect(StackEndpoints stack, String device) throws Exception {
    return connect(stack, Optional.of(device));
  }

  /** Connects with no credentials at all (the broker must refuse). */
  static MqttTestClient connectAnonymously(StackEndpoints stack) throws Exception {
    return connect(stack, Optional.empty());
  }

  private static MqttTestClient connect(StackEndpoints stack, Optional<String> user)
      throws Exception {
    MqttClient client =
        new MqttClient(stack.mqttUrl(), "it-" + UUID.randomUUID(), new MemoryPersistence());
    client.setTimeToWait(TimeUnit.SECONDS.toMillis(10));
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setConnectionTimeout(5);
    // Paho counts a publish in flight a moment after its PUBACK returned; 10 (its default) is too
    // few for a test publishing a thousand in a row ("Too many publishes in progress").
    options.setMaxInflight(1000);
    if (user.isPresent()) {
      options.setUserName(user.get());
      options.setPassword(Tokens.mqttCredentials().passwordOf(user.get()).toCharArray());
    }
    try {
      client.connect(options);
    } catch (Exception e) {
      client.close();
      throw e;
    }
    return new MqttTestClient(client);
  }

  /**
   * Publishes until the event shows up on Kafka (bounded): the app subscribes shortly after it
   * starts, and QoS 1 does not keep messages for a subscription that does not exist yet. The same
   * eventId each time, so at most one copy is expected per attempt that arrived.
   */
  static List<ConsumerRecord<String, ProductionEvent>> publishUntilSeen(
      MqttTestClient client,
      String topic,
      String json,
      TopicReader<ProductionEvent> reader,
      UUID eventId,
      Duration perAttempt)
      throws Exception {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      client.publish(topic, json.getBytes(StandardCharsets.UTF_8));
      List<ConsumerRecord<String, ProductionEvent>> found =
          reader.await(r -> r.value().getEventId().equals(eventId), 1, perAttempt);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  /**
   * Publishes torque-tool-7 readings on {@code topic} until ingest stores one (bounded): ingest is
   * then connected and subscribed.
   */
  void awaitIngestSubscribed(String topic, String serial, TopicReader<ProductionEvent> events)
      throws Exception {
    UUID probe = UUID.randomUUID();
    String reading = Events.torqueReading(probe, serial);
    if (publishUntilSeen(this, topic, reading, events, probe, Duration.ofSeconds(10)).isEmpty()) {
      throw new AssertionError("ingest stored no reading published on " + topic);
    }
  }
}
