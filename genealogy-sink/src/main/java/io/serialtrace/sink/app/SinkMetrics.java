package io.serialtrace.sink.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.serialtrace.sink.batch.Batch;
import io.serialtrace.sink.batch.TableInsert;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The sink's meters: {@code sink.rows.written} (counter per table: rows/s is its rate), {@code
 * sink.batch.latency} (timer per topic: deliver call, inserts and commits), {@code sink.retries}
 * (counter), {@code sink.dead.letters} (counter per topic) and {@code sink.consumer.lag} (gauge per
 * topic and partition: records not yet consumed).
 */
public final class SinkMetrics {
  private final MeterRegistry registry;
  private final Counter retries;
  private final Map<TopicPartition, AtomicLong> lag = new ConcurrentHashMap<>();

  public SinkMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.retries = registry.counter("sink.retries");
  }

  void delivered(Batch batch, Duration took) {
    Timer.builder("sink.batch.latency")
        .tags(Tags.of("topic", batch.range().topic()))
        .publishPercentiles(0.5, 0.99)
        .register(registry)
        .record(took);
    for (TableInsert insert : batch.inserts()) {
      registry
          .counter("sink.rows.written", "table", insert.table().tableName())
          .increment(insert.rowCount());
    }
    if (!batch.deadLetters().isEmpty()) {
      registry
          .counter("sink.dead.letters", "topic", batch.range().topic())
          .increment(batch.deadLetters().size());
    }
  }

  void retried() {
    retries.increment();
  }

  void lag(TopicPartition partition, long records) {
    lag.computeIfAbsent(
            partition,
            tp -> {
              AtomicLong value = new AtomicLong();
              registry.gauge(
                  "sink.consumer.lag",
                  Tags.of("topic", tp.topic(), "partition", Integer.toString(tp.partition())),
                  value);
              return value;
            })
        .set(records);
  }
}
