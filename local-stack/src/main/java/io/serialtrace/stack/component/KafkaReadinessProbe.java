package io.serialtrace.stack.component;

import static io.serialtrace.stack.component.KafkaClients.PROBE_TIMEOUT;

import io.serialtrace.stack.StackException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka's readiness: creates {@link KafkaBroker#READINESS_TOPIC} if needed, produces one record
 * with {@code acks=all} and reads it back by offset — the broker, the controller, the partition
 * leader and the fetch path all work — within {@link KafkaClients#PROBE_TIMEOUT} as a whole.
 */
final class KafkaReadinessProbe {
  private static final String NAME = KafkaBroker.NAME;
  private static final String TOPIC = KafkaBroker.READINESS_TOPIC;
  private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(500);

  private final KafkaClients clients;

  KafkaReadinessProbe(KafkaClients clients) {
    this.clients = clients;
  }

  void probe() {
    long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
    requireListening();
    try (var loader = KafkaClients.ownClassLoader()) {
      createTopic(deadline);
      String marker = UUID.randomUUID().toString();
      RecordMetadata written = produce(marker, deadline);
      consume(written, marker, deadline);
    }
  }

  /**
   * Fails fast while the listener is not open yet: the clients would otherwise retry quietly until
   * their timeouts and log a warning for every refused connection.
   */
  private void requireListening() {
    int port = clients.port();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
    } catch (IOException e) {
      throw new StackException(
          NAME + ": nothing accepts connections on 127.0.0.1:" + port + " (" + e.getMessage() + ")",
          e);
    }
  }

  private void createTopic(long deadline) {
    Admin admin = Admin.create(clients.admin(PROBE_TIMEOUT));
    // Each probe adds one record; an hour of retention keeps the topic near empty.
    NewTopic topic = new NewTopic(TOPIC, 1, (short) 1).configs(Map.of("retention.ms", "3600000"));
    try {
      admin.createTopics(List.of(topic)).all().get(remaining(deadline), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw notReady("could not create topic " + TOPIC, e.getCause());
      }
    } catch (TimeoutException e) {
      throw notReady("no answer to creating topic " + TOPIC, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw notReady("interrupted while creating topic " + TOPIC, e);
    } finally {
      admin.close(CLOSE_TIMEOUT);
    }
  }

  private RecordMetadata produce(String marker, long deadline) {
    KafkaProducer<String, String> producer =
        new KafkaProducer<>(clients.producer(), new StringSerializer(), new StringSerializer());
    try {
      return producer
          .send(new ProducerRecord<>(TOPIC, marker, marker))
          .get(remaining(deadline), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw notReady("no acknowledged produce to " + TOPIC, e.getCause());
    } catch (TimeoutException e) {
      throw notReady("no acknowledged produce to " + TOPIC, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw notReady("interrupted while producing to " + TOPIC, e);
    } finally {
      producer.close(CLOSE_TIMEOUT);
    }
  }

  private void consume(RecordMetadata written, String marker, long deadline) {
    TopicPartition partition = new TopicPartition(written.topic(), written.partition());
    // No group: assign and seek read the log directly, so the probe never waits for a rebalance.
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(clients.consumer(), new StringDeserializer(), new StringDeserializer());
    try {
      consumer.assign(List.of(partition));
      consumer.seek(partition, written.offset());
      while (remaining(deadline) > 0) {
        for (ConsumerRecord<String, String> record :
            consumer.poll(Duration.ofMillis(remaining(deadline)))) {
          if (marker.equals(record.value())) {
            return;
          }
        }
      }
    } catch (KafkaException e) {
      throw notReady("could not read back from " + partition, e);
    } finally {
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    }
    throw notReady(
        "the record produced to "
            + partition
            + " at offset "
            + written.offset()
            + " was not read back",
        null);
  }

  private static long remaining(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  private StackException notReady(String what, Throwable cause) {
    String reason = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
    return new StackException(
        NAME
            + " at "
            + clients.bootstrap()
            + " is not ready: "
            + what
            + " within "
            + PROBE_TIMEOUT.toSeconds()
            + " s"
            + reason,
        cause);
  }
}
