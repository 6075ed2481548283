package io.serialtrace.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serialtrace.schemas.topics.TraceTopic;
import io.serialtrace.stack.FileTrees;
import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.ManagedProcess;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A QoS 1 device reading survives both a Kafka outage and ingest killed (SIGKILL) while the reading
 * is in its hands — received from the broker, refused by a stopped Kafka, not acknowledged — : the
 * broker delivers it again to the next ingest of the same persistent session ({@code
 * ingest-local}), which stores it. Ingest runs as its own process from its runner jar ({@code
 * ServiceProcess}, as in {@code ./trace soak}), so the kill is a real one. Found by the soak: four
 * readings lost over two {@code kill -9} of ingest.
 */
@ExtendWith(LocalStackExtension.class)
class IngestKillIT {
  private static final String DEVICE = "torque-tool-7";
  private static final String TOPIC = "plants/P1/devices/" + DEVICE + "/measurements";
  private static final String UNACKNOWLEDGED = "ingest_mqtt_unacknowledged";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final StackSettings settings = StackSettings.forTests(RepositoryHome.find());
  private final LocalStack ingest = LocalStack.withServices(settings).only(List.of("ingest"));
  private final LocalStack kafka = LocalStack.of(settings).only(List.of("kafka"));

  @AfterEach
  void stopIngestAndBringKafkaBack() throws Exception {
    ingest.stop(List.of("ingest"), Progress.printingTo(System.out));
    kafka.up(Progress.printingTo(System.out));
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aReadingIngestHeldWhenItWasKilledIsStoredByTheNextIngest(StackEndpoints stack)
      throws Exception {
    String serial = "KILL-MQTT-" + UUID.randomUUID().toString().substring(0, 8);
    SimIdentity identity = new SimIdentity(settings);
    // 1. Ingest as a process, from a clean state (other ITs recreate the topics it remembers).
    ingest.stop(List.of("ingest"), Progress.printingTo(System.out));
    FileTrees.delete(settings.dataDir("ingest"));
    Path log = settings.logFile("ingest");
    startIngest();
    long killedLogFrom = Files.exists(log) ? Files.size(log) : 0;
    try (StationClient device =
            new StationClient(
                "http://127.0.0.1:" + settings.port(StackSetting.INGEST_PORT),
                "http://127.0.0.1:" + settings.port(StackSetting.GATE_PORT),
                Optional.of(stack.mqttUrl()),
                identity,
                EventLedger.NONE,
                Duration.ofSeconds(30));
        KafkaConsumer<byte[], byte[]> events = consumer(stack)) {
      // 2. A first reading reaches Kafka: ingest is subscribed and storing.
      String first = UUID.randomUUID().toString();
      device.publishReading("P1", DEVICE, reading(first, serial));
      assertThat(awaitOnTopic(events, serial, first, Duration.ofSeconds(90)))
          .as("the first reading on %s", TraceTopic.PRODUCTION_EVENTS.topicName())
          .isEqualTo(1);

      // 3. Kafka stops; a second reading is published (the broker acknowledges it to the device)
      //    and reaches ingest, which cannot store it and says so once Kafka's bounds ran out.
      kafka.stop(List.of("kafka"), Progress.printingTo(System.out));
      String held = UUID.randomUUID().toString();
      device.publishReading("P1", DEVICE, reading(held, serial));
      assertThat(awaitUnacknowledged(Duration.ofSeconds(30)))
          .as("ingest received the reading and has not acknowledged it to the broker")
          .isGreaterThanOrEqualTo(1);
      assertThat(awaitInLog(log, killedLogFrom, "not stored", Duration.ofSeconds(60)))
          .as("ingest found Kafka would not take the reading (%s)", log)
          .isTrue();

      // 4. SIGKILL while the reading is in ingest's hands.
      ProcessHandle killed = ManagedProcess.running("ingest", settings).orElseThrow();
      killed.destroyForcibly();
      assertThat(ManagedProcess.await(killed, Duration.ofSeconds(30))).isTrue();

      // 5. Kafka back, then a new ingest under the same MQTT session: the reading is stored.
      kafka.up(Progress.printingTo(System.out));
      startIngest();
      assertThat(awaitOnTopic(events, serial, held, Duration.ofSeconds(120)))
          .as("the reading ingest held when it was killed, on %s", TraceTopic.PRODUCTION_EVENTS)
          .isGreaterThanOrEqualTo(1);
    }
  }

  /**
   * Starts ingest as an orchestrator would: again when it dies during start-up (on a loaded machine
   * its first PostgreSQL connection can outlast the pool's 3 s acquisition timeout), 3 attempts.
   */
  private void startIngest() throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        ingest.up(Progress.printingTo(System.out));
        return;
      } catch (io.serialtrace.stack.StackException e) {
        if (attempt == 3) {
          throw e;
        }
        System.out.println("ingest did not start (attempt " + attempt + "), again: " + e);
      }
    }
  }

  /** Whether {@code text} appears in the log after {@code from} within {@code within} (bounded). */
  private static boolean awaitInLog(Path log, long from, String text, Duration within)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.readString(log).substring((int) from).contains(text)) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  private static ObjectNode reading(String eventId, String serial) {
    ObjectNode reading = StationClient.JSON.createObjectNode();
    reading.put("eventId", eventId);
    reading.put("serial", serial);
    reading.put("eventTime", Instant.now().toString());
    ObjectNode payload = reading.putObject("payload");
    payload.put("stepId", "10-MOUNT-DRIVE");
    payload.put("characteristic", "torque-M3-drive");
    payload.put("value", 1.2);
    payload.put("unit", "Nm");
    payload.put("calibrationDue", Instant.now().plus(Duration.ofDays(180)).toString());
    return reading;
  }

  /** Ingest's gauge of messages received and not yet acknowledged to the broker (bounded). */
  private double awaitUnacknowledged(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    double seen = 0;
    while (System.nanoTime() < deadline && seen < 1) {
      seen = metric(UNACKNOWLEDGED).orElse(0.0);
      if (seen < 1) {
        Thread.sleep(100);
      }
    }
    return seen;
  }

  private Optional<Double> metric(String name) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + settings.port(StackSetting.INGEST_PORT)
                              + "/q/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response
          .body()
          .lines()
          .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
          .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .findFirst();
    } catch (java.io.IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(StackEndpoints stack) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    consumer
        .partitionsFor(TraceTopic.PRODUCTION_EVENTS.topicName())
        .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // fixes "the end" now, before anything is published
    return consumer;
  }

  /**
   * Copies of {@code eventId} among the records keyed {@code serial} read until {@code within}
   * (bounded; the Avro value carries the eventId as text). Across a broker restart the consumer
   * keeps its positions.
   */
  private static int awaitOnTopic(
      KafkaConsumer<byte[], byte[]> events, String serial, String eventId, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    int copies = 0;
    while (System.nanoTime() < deadline && copies == 0) {
      try {
        for (ConsumerRecord<byte[], byte[]> r : events.poll(Duration.ofMillis(500))) {
          if (r.key() != null
              && new String(r.key(), StandardCharsets.UTF_8).equals(serial)
              && new String(r.value(), StandardCharsets.ISO_8859_1).contains(eventId)) {
            copies++;
          }
        }
      } catch (org.apache.kafka.common.errors.RetriableException e) {
        // the broker is coming back
      }
    }
    return copies;
  }
}
