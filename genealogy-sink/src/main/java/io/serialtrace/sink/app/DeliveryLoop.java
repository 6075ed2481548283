package io.serialtrace.sink.app;

import io.serialtrace.sink.SinkSettings;
import io.serialtrace.sink.SinkTopic;
import io.serialtrace.sink.batch.Batch;
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
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The delivery loop, run by the {@link SinkThread}: poll, buffer per partition, cut ranges ({@link
 * BatchCut}), deliver the due ones in rounds ({@link BatchDelivery}: one batch per partition, each
 * decoded, built and inserted on a worker of its own); on a retriable failure pause every
 * partition, back off while still polling (so the group keeps us), retry the same batches, resume.
 * Everything Kafka happens on this one thread, as the consumer requires.
 */
final class DeliveryLoop implements Runnable {
  private static final Logger LOG = Logger.getLogger(DeliveryLoop.class);
  private static final Duration WAIT_SLICE = Duration.ofMillis(200);

  private final SinkSettings settings;
  private final Consumer<byte[], byte[]> consumer;
  private final DeliveryStateStore store;
  private final BatchDelivery delivery;
  private final SinkMetrics metrics;
  private final SinkStatus status;
  private final Map<TopicPartition, PartitionBuffer> buffers = new HashMap<>();
  private volatile boolean running = true;
  private boolean outage;
  private final BrokerCheck brokerCheck;
  private long holdingSince;

  DeliveryLoop(
      SinkSettings settings,
      Consumer<byte[], byte[]> consumer,
      DeliveryStateStore store,
      BatchDelivery delivery,
      SinkMetrics metrics,
      SinkStatus status) {
    this.settings = settings;
    this.consumer = consumer;
    this.store = store;
    this.delivery = delivery;
    this.metrics = metrics;
    this.status = status;
    this.brokerCheck = new BrokerCheck(settings.kafka(), consumer, status);
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
        brokerCheck.checkIfDue();
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

  /** Delivers rounds of due batches (one per partition, at most the delivery's concurrency). */
  private void deliverDue() {
    while (running) {
      List<BatchCut.Cut> round = dueCuts();
      if (round.isEmpty()) {
        return;
      }
      deliverWithRetry(round);
    }
  }

  /**
   * The next cut of each partition that has one, up to the delivery's concurrency. A round with
   * room left is held back while another partition is still filling from Kafka (records waiting
   * there, none due yet), for at most {@code sink.batch.max-wait}: a sink catching up on a backlog
   * then inserts its partitions' batches together instead of one after the other.
   */
  private List<BatchCut.Cut> dueCuts() {
    long maxWait = settings.batch().maxWait().toNanos();
    List<BatchCut.Cut> cuts = new ArrayList<>();
    boolean filling = false;
    for (Map.Entry<TopicPartition, PartitionBuffer> entry : buffers.entrySet()) {
      if (cuts.size() == delivery.concurrency()) {
        break;
      }
      TopicPartition tp = entry.getKey();
      PartitionBuffer buffer = entry.getValue();
      List<Long> offsets = buffer.records.stream().map(b -> b.record().offset()).toList();
      long position = buffer.pending.isPresent() ? consumer.position(tp) : -1;
      boolean waited =
          !buffer.records.isEmpty()
              && System.nanoTime() - buffer.records.getFirst().arrivedNanos() >= maxWait;
      boolean caughtUp = consumer.currentLag(tp).orElse(0) == 0;
      Optional<BatchCut.Cut> cut =
          BatchCut.decide(
              tp.topic(),
              tp.partition(),
              buffer.pending,
              offsets,
              position,
              settings.batch().maxRecords(),
              waited,
              caughtUp);
      cut.ifPresent(cuts::add);
      filling |= cut.isEmpty() && !caughtUp && !buffer.backPressured;
    }
    long now = System.nanoTime();
    if (!cuts.isEmpty() && cuts.size() < delivery.concurrency() && filling) {
      if (holdingSince == 0) {
        holdingSince = now;
      }
      if (now - holdingSince < maxWait) {
        return List.of();
      }
    }
    holdingSince = 0;
    return cuts;
  }

  /**
   * Delivers a round; the batches that were stored leave their buffers, and the others are retried
   * (the same ranges: each is pending by then, or was never marked) with back-off, every partition
   * paused, until they are stored, their partition is revoked, or the sink stops.
   */
  private void deliverWithRetry(List<BatchCut.Cut> round) {
    List<BatchCut.Cut> left = round;
    Duration backoff = settings.retry().initialBackoff();
    int attempt = 0;
    long started = System.nanoTime();
    while (running && !left.isEmpty()) {
      left = owned(left);
      if (left.isEmpty()) {
        return;
      }
      List<BatchDelivery.Job> jobs = left.stream().map(this::job).toList();
      String ranges = left.stream().map(c -> c.range().toString()).toList().toString();
      try {
        BatchDelivery.Outcome outcome = delivery.deliver(jobs);
        for (Batch batch : outcome.stored()) {
          stored(batch, Duration.ofNanos(System.nanoTime() - started));
        }
        if (outcome.failure().isEmpty()) {
          if (outage) {
            outage = false;
            consumer.resume(consumer.assignment());
            LOG.infof("Delivered %s after %d retries; consumption resumed", ranges, attempt);
          }
          status.set(new SinkStatus.Condition.Running());
          return;
        }
        List<OffsetRange> storedRanges = outcome.stored().stream().map(Batch::range).toList();
        left = left.stream().filter(c -> !storedRanges.contains(c.range())).toList();
        throw outcome.failure().get();
      } catch (SinkFailure.Retriable e) {
        attempt++;
        metrics.retried();
        status.set(new SinkStatus.Condition.Retrying(e.getMessage(), attempt));
        LOG.warnf(
            "Batches %s: %s; attempt %d, next in %d ms",
            left.stream().map(c -> c.range().toString()).toList(),
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
        LOG.warnf("%s; %s abandoned, their new owners replay them", e.getMessage(), ranges);
        left.forEach(cut -> buffers.remove(partition(cut)));
        return;
      }
    }
  }

  /** The cuts whose partition is still ours (a revoked one is replayed by its new owner). */
  private List<BatchCut.Cut> owned(List<BatchCut.Cut> cuts) {
    List<BatchCut.Cut> owned = new ArrayList<>();
    for (BatchCut.Cut cut : cuts) {
      if (buffers.containsKey(partition(cut))) {
        owned.add(cut);
      } else {
        LOG.infof(
            "%s was revoked while retrying %s; its new owner replays it", partition(cut), cut);
      }
    }
    return owned;
  }

  /** The job of a cut: exactly the buffered records of its range. */
  private BatchDelivery.Job job(BatchCut.Cut cut) {
    OffsetRange range = cut.range();
    List<SourceRecord> records =
        buffers.get(partition(cut)).records.stream()
            .map(Buffered::record)
            .filter(r -> r.offset() >= range.first() && r.offset() <= range.last())
            .toList();
    return new BatchDelivery.Job(range, records, cut.replay());
  }

  /** A stored batch leaves its partition's buffer; the partition has nothing pending any more. */
  private void stored(Batch batch, Duration took) {
    PartitionBuffer buffer =
        buffers.get(new TopicPartition(batch.range().topic(), batch.range().partition()));
    if (buffer != null) {
      while (!buffer.records.isEmpty()
          && buffer.records.getFirst().record().offset() <= batch.range().last()) {
        buffer.records.removeFirst();
      }
      buffer.pending = Optional.empty();
    }
    metrics.delivered(batch, took);
  }

  private static TopicPartition partition(BatchCut.Cut cut) {
    return new TopicPartition(cut.range().topic(), cut.range().partition());
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
