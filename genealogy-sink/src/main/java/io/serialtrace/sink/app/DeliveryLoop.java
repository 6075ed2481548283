package io.serialtrace.sink.app;

import io.serialtrace.sink.SinkSettings;
import io.serialtrace.sink.SinkTopic;
import io.serialtrace.sink.batch.AvroDecoder;
import io.serialtrace.sink.batch.Batch;
import io.serialtrace.sink.batch.BatchBuilder;
import io.serialtrace.sink.batch.Decoded;
import io.serialtrace.sink.batch.OffsetRange;
import io.serialtrace.sink.batch.SourceRecord;
import io.serialtrace.sink.delivery.BatchCut;
import io.serialtrace.sink.delivery.BatchDelivery;
import io.serialtrace.sink.delivery.DeliveryState;
import io.serialtrace.sink.delivery.DeliveryStateStore;
import io.serialtrace.sink.delivery.KafkaDeliveryStateStore;
import io.serialtrace.sink.delivery.SinkFailure;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The delivery loop, run by the {@link SinkThread}: poll, buffer per partition, cut ranges ({@link
 * BatchCut}), decode and build them ({@link BatchBuilder}), deliver them ({@link BatchDelivery});
 * on a retriable failure pause every partition, back off while still polling (so the group keeps
 * us), retry the same batch, resume. Everything Kafka happens on that one thread, as the consumer
 * requires.
 */
final class DeliveryLoop implements Runnable {
  private static final Logger LOG = Logger.getLogger(DeliveryLoop.class);
  private static final Duration WAIT_SLICE = Duration.ofMillis(200);

  private final SinkSettings settings;
  private final Consumer<byte[], byte[]> consumer;
  private final DeliveryStateStore store;
  private final BatchDelivery delivery;
  private final AvroDecoder decoder;
  private final SinkMetrics metrics;
  private final SinkStatus status;
  private final Map<TopicPartition, PartitionBuffer> buffers = new HashMap<>();
  private volatile boolean running = true;
  private boolean outage;
  private boolean brokerUnreachable;
  private int brokerChecksFailed;
  private long nextBrokerCheck = System.nanoTime();

  DeliveryLoop(
      SinkSettings settings,
      Consumer<byte[], byte[]> consumer,
      DeliveryStateStore store,
      BatchDelivery delivery,
      AvroDecoder decoder,
      SinkMetrics metrics,
      SinkStatus status) {
    this.settings = settings;
    this.consumer = consumer;
    this.store = store;
    this.delivery = delivery;
    this.decoder = decoder;
    this.metrics = metrics;
    this.status = status;
  }

  private record Buffered(SourceRecord record, long arrivedNanos) {}

  private static final class PartitionBuffer {
    final ArrayDeque<Buffered> records = new ArrayDeque<>();
    Optional<OffsetRange> pending;
    boolean backPressured;

    PartitionBuffer(Optional<OffsetRange> pending) {
      this.pending = pending;
    }
  }

  public void stop() {
    running = false;
    consumer.wakeup();
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(SinkTopic.names(), new Rebalance());
      status.set(new SinkStatus.Condition.Running());
      while (running) {
        pollInto(settings.kafka().pollTimeout());
        deliverDue();
        backPressure();
        lag();
        checkBroker();
        status.progressed();
      }
      status.set(new SinkStatus.Condition.Stopped("shut down"));
    } catch (WakeupException e) {
      status.set(new SinkStatus.Condition.Stopped("shut down"));
    } catch (SinkFailure.Fatal e) {
      LOG.error(e.getMessage(), e);
      status.set(new SinkStatus.Condition.Stopped(e.getMessage()));
    } catch (RuntimeException e) {
      String message = "sink loop failed unexpectedly: " + e + " (fatal: the sink stops consuming)";
      LOG.error(message, e);
      status.set(new SinkStatus.Condition.Stopped(message));
    } finally {
      consumer.close(Duration.ofSeconds(5));
      decoder.close();
    }
  }

  private void pollInto(Duration timeout) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
      TopicPartition tp = new TopicPartition(record.topic(), record.partition());
      PartitionBuffer buffer = buffers.get(tp);
      if (buffer == null) {
        continue; // revoked in this very poll; its new owner reads it from the committed offset
      }
      buffer.records.add(
          new Buffered(
              new SourceRecord(
                  record.topic(),
                  record.partition(),
                  record.offset(),
                  Optional.ofNullable(record.key()),
                  Optional.ofNullable(record.value())),
              System.nanoTime()));
    }
  }

  private void deliverDue() {
    long maxWait = settings.batch().maxWait().toNanos();
    for (TopicPartition tp : new ArrayList<>(buffers.keySet())) {
      while (running) {
        PartitionBuffer buffer = buffers.get(tp);
        if (buffer == null) {
          break;
        }
        List<Long> offsets = buffer.records.stream().map(b -> b.record().offset()).toList();
        long position = buffer.pending.isPresent() ? consumer.position(tp) : -1;
        boolean waited =
            !buffer.records.isEmpty()
                && System.nanoTime() - buffer.records.getFirst().arrivedNanos() >= maxWait;
        Optional<BatchCut.Cut> cut =
            BatchCut.decide(
                tp.topic(),
                tp.partition(),
                buffer.pending,
                offsets,
                position,
                settings.batch().maxRecords(),
                waited);
        if (cut.isEmpty()) {
          break;
        }
        deliverWithRetry(tp, cut.get());
      }
    }
  }

  private void deliverWithRetry(TopicPartition tp, BatchCut.Cut cut) {
    OffsetRange range = cut.range();
    Duration backoff = settings.retry().initialBackoff();
    int attempt = 0;
    long started = System.nanoTime();
    while (running) {
      PartitionBuffer buffer = buffers.get(tp);
      if (buffer == null) {
        LOG.infof("%s was revoked while retrying %s; its new owner replays it", tp, range);
        return;
      }
      List<SourceRecord> records =
          buffer.records.stream()
              .map(Buffered::record)
              .filter(r -> r.offset() >= range.first() && r.offset() <= range.last())
              .toList();
      try {
        List<Decoded> decoded = records.stream().map(decoder::decode).toList();
        Batch batch = BatchBuilder.build(range, decoded);
        // A retry re-marks the range pending: a no-op when the marker is in place, and required
        // when the first attempt failed before it was written.
        delivery.deliver(batch, cut.replay());
        while (!buffer.records.isEmpty()
            && buffer.records.getFirst().record().offset() <= range.last()) {
          buffer.records.removeFirst();
        }
        buffer.pending = Optional.empty();
        metrics.delivered(batch, Duration.ofNanos(System.nanoTime() - started));
        if (outage) {
          outage = false;
          consumer.resume(consumer.assignment());
          LOG.infof("Delivered %s after %d retries; consumption resumed", range, attempt);
        }
        status.set(new SinkStatus.Condition.Running());
        return;
      } catch (SinkFailure.Retriable e) {
        attempt++;
        metrics.retried();
        status.set(new SinkStatus.Condition.Retrying(e.getMessage(), attempt));
        LOG.warnf(
            "Batch %s (%d records, offsets %d-%d): %s; attempt %d, next in %d ms",
            range,
            records.size(),
            range.first(),
            range.last(),
            e.getMessage(),
            attempt,
            backoff.toMillis());
        if (!outage) {
          outage = true;
          consumer.pause(consumer.assignment());
        }
        waitPolling(backoff);
        backoff = min(backoff.multipliedBy(2), settings.retry().maxBackoff());
      } catch (KafkaDeliveryStateStore.PartitionLost e) {
        LOG.warnf("%s; %s abandoned, its new owner replays it", e.getMessage(), range);
        buffers.remove(tp);
        return;
      }
    }
  }

  /** Sleeps through a back-off while polling (all paused), so the group does not evict us. */
  private void waitPolling(Duration backoff) {
    long deadline = System.nanoTime() + backoff.toNanos();
    while (running) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      pollInto(min(Duration.ofNanos(left), WAIT_SLICE));
      status.progressed(); // waiting out a back-off is progress: the loop is not blocked
    }
  }

  /**
   * Every {@code sink.kafka.broker-check-interval}, one metadata request bounded by {@code
   * broker-check-timeout}: unanswered, readiness turns DOWN (Retrying, "Kafka unreachable") until
   * one is answered. Nothing else changes: polls go on, and a batch that needs a commit retries it.
   */
  private void checkBroker() {
    long now = System.nanoTime();
    if (now < nextBrokerCheck) {
      return;
    }
    nextBrokerCheck = now + settings.kafka().brokerCheckInterval().toNanos();
    Duration timeout = settings.kafka().brokerCheckTimeout();
    try {
      consumer.listTopics(timeout);
      if (brokerUnreachable) {
        brokerUnreachable = false;
        brokerChecksFailed = 0;
        LOG.infof("Kafka answers again (%s)", settings.kafka().bootstrapServers());
        status.set(new SinkStatus.Condition.Running());
      }
    } catch (TimeoutException e) {
      brokerUnreachable = true;
      brokerChecksFailed++;
      String reason =
          "Kafka unreachable: no broker of "
              + settings.kafka().bootstrapServers()
              + " answered a metadata request within "
              + timeout
              + " (consumption waits, nothing is committed or lost; it resumes when Kafka"
              + " answers)";
      LOG.warnf("%s; check %d", reason, brokerChecksFailed);
      status.set(new SinkStatus.Condition.Retrying(reason, brokerChecksFailed));
    }
  }

  private void backPressure() {
    if (outage) {
      return;
    }
    int limit = 2 * settings.batch().maxRecords();
    for (Map.Entry<TopicPartition, PartitionBuffer> entry : buffers.entrySet()) {
      PartitionBuffer buffer = entry.getValue();
      boolean full = buffer.records.size() >= limit && buffer.pending.isEmpty();
      if (full && !buffer.backPressured) {
        consumer.pause(List.of(entry.getKey()));
        buffer.backPressured = true;
      } else if (!full && buffer.backPressured) {
        consumer.resume(List.of(entry.getKey()));
        buffer.backPressured = false;
      }
    }
  }

  private void lag() {
    for (TopicPartition tp : buffers.keySet()) {
      consumer.currentLag(tp).ifPresent(lag -> metrics.lag(tp, lag));
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // Nothing to commit: every delivered range is already marked stored, and a pending one stays
      // pending for the next owner. Buffered records are simply re-read by that owner.
      partitions.forEach(buffers::remove);
      LOG.infof("Partitions revoked: %s", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        DeliveryState state = store.read(tp.topic(), tp.partition());
        buffers.put(tp, new PartitionBuffer(state.pending()));
        state
            .pending()
            .ifPresent(
                range ->
                    LOG.infof(
                        "%s has pending range %s from an interrupted delivery: replaying it exactly",
                        tp, range));
      }
      if (outage) {
        consumer.pause(partitions);
      }
      LOG.infof("Partitions assigned: %s", partitions);
    }
  }
}
