package io.serialtrace.api.violations;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.serialtrace.api.ApiSettings;
import io.serialtrace.api.kafka.ConsumerLoop;
import io.serialtrace.api.kafka.KafkaClients;
import io.serialtrace.api.kafka.LiveStreams;
import io.serialtrace.api.units.ViolationView;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationDisposition;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Feeds {@code trace.violations.v1} to SSE subscribers: one consumer loop ({@link LiveStreams}),
 * assigned every partition (no consumer group: each instance shows every violation, and nothing is
 * committed — the stream is live, history is {@code GET /v1/violations}), positioned at the end,
 * broadcasting each decoded violation. Why not SmallRye Reactive Messaging: a group-managed channel
 * would split partitions between instances, and each dashboard must see all of them.
 */
@ApplicationScoped
public class ViolationFeed {
  private static final Logger LOG = Logger.getLogger(ViolationFeed.class);

  /** Where the feed stands, sent to each subscriber in its first ('ready') event. */
  public enum State {
    STARTING,
    LIVE,
    RETRYING,
    DISABLED,
    STOPPED
  }

  private final ApiSettings settings;
  private final KafkaClients kafka;
  private final LiveStreams streams;
  private final BroadcastProcessor<ViolationView> processor = BroadcastProcessor.create();
  private volatile State state = State.STARTING;

  public ViolationFeed(ApiSettings settings, KafkaClients kafka, LiveStreams streams) {
    this.settings = settings;
    this.kafka = kafka;
    this.streams = streams;
  }

  void start(@Observes StartupEvent event) {
    if (!settings.stream().enabled()) {
      state = State.DISABLED;
      return;
    }
    streams.start("violation-feed", kafka::violationConsumer, new Feed());
  }

  // The loop itself is stopped by LiveStreams; subscribers are told the feed ended.
  void stop(@Observes ShutdownEvent event) {
    state = State.STOPPED;
    processor.onComplete();
  }

  public State state() {
    return state;
  }

  /** Every violation consumed from now on; a slow subscriber buffers up to 1,000, then drops. */
  public Multi<ViolationView> violations() {
    return processor.onOverflow().buffer(1_000);
  }

  /** Positioned at the end of every partition; broadcasts each decoded violation. */
  private final class Feed implements ConsumerLoop.Reader {
    @Override
    public void open(Consumer<String, Object> feed) {
      List<PartitionInfo> partitions = feed.partitionsFor(settings.stream().topic());
      if (partitions == null || partitions.isEmpty()) {
        throw new IllegalStateException(
            "topic " + settings.stream().topic() + " has no partitions yet");
      }
      List<TopicPartition> assigned =
          partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      feed.assign(assigned);
      feed.seekToEnd(assigned);
      // Resolve the end offsets now, so everything published after LIVE is delivered.
      assigned.forEach(feed::position);
      state = State.LIVE;
      LOG.infof(
          "Violation feed live on %s (%d partitions)", settings.stream().topic(), assigned.size());
    }

    @Override
    public void read(ConsumerRecords<String, Object> records, Consumer<String, Object> feed) {
      for (ConsumerRecord<String, Object> record : records) {
        if (record.value() instanceof Violation violation) {
          processor.onNext(view(violation));
        } else {
          LOG.warnf(
              "Skipped %s-%d@%d: not a Violation (%s)",
              record.topic(),
              record.partition(),
              record.offset(),
              record.value() == null ? "tombstone" : record.value().getClass());
        }
      }
    }

    @Override
    public void retrying(String reason) {
      state = State.RETRYING;
    }
  }

  static ViolationView view(Violation v) {
    Optional<ViolationDisposition> d = Optional.ofNullable(v.getDisposition());
    return new ViolationView(
        v.getViolationId().toString(),
        v.getSerial(),
        v.getPlant(),
        v.getStation(),
        v.getCode().name(),
        v.getSeverity().name(),
        v.getStatus().name(),
        v.getDetectedAt(),
        Optional.ofNullable(v.getStepId()),
        v.getDetail(),
        Optional.ofNullable(v.getEventId()).map(Object::toString),
        Optional.ofNullable(v.getEventTime()),
        Optional.ofNullable(v.getReceivedTime()),
        Optional.ofNullable(v.getCharacteristic()),
        Optional.ofNullable(v.getMeasuredValue()),
        Optional.ofNullable(v.getLsl()),
        Optional.ofNullable(v.getUsl()),
        Optional.ofNullable(v.getUnit()),
        Optional.ofNullable(v.getComponentSerial()),
        Optional.ofNullable(v.getRelatedSerial()),
        d.map(
            x ->
                new ViolationView.Disposition(
                    x.getDecision().name(),
                    x.getSignerId(),
                    x.getSignerName(),
                    x.getReason(),
                    Optional.of(x.getDispositionedAt()),
                    Optional.of(x.getEventId().toString()))),
        Optional.ofNullable(v.getAcknowledgement())
            .map(
                a ->
                    new ViolationView.Acknowledgement(
                        a.getSignerId(),
                        a.getSignerName(),
                        a.getSignerRole(),
                        a.getMeaning(),
                        a.getAuthMethod().name(),
                        a.getReason(),
                        Optional.of(a.getAcknowledgedAt()),
                        Optional.of(a.getEventId().toString()))),
        Optional.ofNullable(v.getEndedAt()));
  }
}
