package io.serialtrace.sink.delivery;

import io.serialtrace.sink.batch.DeadLetter;
import io.serialtrace.sink.batch.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Publishes dead letters to the dead-letter topic: raw key and value bytes as consumed, and headers
 * {@code sink.reason}, {@code sink.source.topic}, {@code sink.source.partition}, {@code
 * sink.source.offset}. Waits for every acknowledgement, so a batch is never marked stored with its
 * dead letters lost. A replayed batch may publish a dead letter again (at least once): readers
 * deduplicate by the source headers.
 */
public final class KafkaDeadLetterWriter implements DeadLetterWriter {
  private static final Logger LOG = Logger.getLogger(KafkaDeadLetterWriter.class);
  private final Producer<byte[], byte[]> producer;
  private final String topic;

  public KafkaDeadLetterWriter(Producer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  @Override
  public void publish(List<DeadLetter> deadLetters) {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (DeadLetter letter : deadLetters) {
      SourceRecord source = letter.source();
      LOG.warnf(
          "Dead letter %s: %s (record goes to %s; processing continues)",
          source.where(), letter.reason(), topic);
      RecordHeaders headers = new RecordHeaders();
      headers.add("sink.reason", utf8(letter.reason()));
      headers.add("sink.source.topic", utf8(source.topic()));
      headers.add("sink.source.partition", utf8(Integer.toString(source.partition())));
      headers.add("sink.source.offset", utf8(Long.toString(source.offset())));
      sent.add(
          producer.send(
              new ProducerRecord<>(
                  topic, null, source.key().orElse(null), source.value().orElse(null), headers)));
    }
    for (int i = 0; i < sent.size(); i++) {
      try {
        sent.get(i).get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SinkFailure.Retriable("dead letter publishing interrupted", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new SinkFailure.Retriable(
            "publishing dead letter of "
                + deadLetters.get(i).source().where()
                + " to "
                + topic
                + " failed: "
                + e,
            e);
      }
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
