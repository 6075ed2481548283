package io.serialtrace.sink;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Every setting of the sink, in one place (prefix {@code sink}). Parsed only through this
 * declaration: defaults live in {@code @WithDefault} and nowhere else; {@link #validate()} runs at
 * start so a nonsensical value stops the service before it consumes anything.
 */
@ConfigMapping(prefix = "sink")
public interface SinkSettings {

  /** Kafka connection and consumption. */
  Kafka kafka();

  /** ClickHouse connection and target database. */
  ClickHouse clickhouse();

  /** How records are grouped into inserts. */
  Batch batch();

  /** Back-off while ClickHouse (or Kafka) fails with a retriable error. */
  Retry retry();

  /** Kafka settings. */
  interface Kafka {
    /** Kafka bootstrap servers, e.g. {@code 127.0.0.1:19092}. */
    String bootstrapServers();

    /** Apicurio Registry v3 API URL used by the Avro deserializer. */
    String registryUrl();

    /**
     * Consumer group id. Offsets and the in-flight batch of each partition (commit metadata) are
     * stored under it, so every sink instance of one deployment must share it.
     */
    @WithDefault("genealogy-sink")
    String groupId();

    /** Topic receiving records that cannot be mapped, with the raw bytes and reason headers. */
    @WithDefault("trace.sink-dlq.v1")
    String deadLetterTopic();

    /** How long one poll waits for records when nothing is buffered. */
    @WithDefault("PT0.2S")
    Duration pollTimeout();

    /** Most records one poll returns (Kafka {@code max.poll.records}). */
    @WithDefault("5000")
    int maxPollRecords();
  }

  /** ClickHouse settings. */
  interface ClickHouse {
    /** ClickHouse HTTP endpoint, e.g. {@code http://127.0.0.1:18123}. */
    String url();

    /** Application user (owns the {@code trace*} databases). */
    String user();

    /** That user's password. */
    String password();

    /** Database of the sink's tables; created if missing, migrated at start. */
    @WithDefault("trace")
    String database();

    /** Socket timeout of one insert or query; a longer one is treated as a retriable failure. */
    @WithDefault("PT30S")
    Duration requestTimeout();
  }

  /** Batching settings. */
  interface Batch {
    /** A partition's buffer is inserted once it holds this many records. */
    @WithDefault("5000")
    int maxRecords();

    /**
     * A partition's buffer is inserted once its oldest record has waited this long, even if small:
     * the bound on event-to-queryable latency at low rates.
     */
    @WithDefault("PT0.5S")
    Duration maxWait();
  }

  /** Retry settings. */
  interface Retry {
    /** First back-off after a retriable failure; doubled each attempt. */
    @WithDefault("PT0.5S")
    Duration initialBackoff();

    /** Longest back-off between attempts; retries go on forever at this pace. */
    @WithDefault("PT10S")
    Duration maxBackoff();
  }

  /** Checks the values together; throws naming the setting at fault. */
  default void validate() {
    require(batch().maxRecords() > 0, "sink.batch.max-records must be > 0");
    require(
        !batch().maxWait().isNegative() && !batch().maxWait().isZero(),
        "sink.batch.max-wait must be > 0");
    require(kafka().maxPollRecords() > 0, "sink.kafka.max-poll-records must be > 0");
    require(
        clickhouse().database().matches("trace[A-Za-z0-9_]*"),
        "sink.clickhouse.database must match trace[A-Za-z0-9_]* (the application user owns only"
            + " trace* databases): "
            + clickhouse().database());
    require(
        !retry().initialBackoff().isNegative() && !retry().initialBackoff().isZero(),
        "sink.retry.initial-backoff must be > 0");
    require(
        retry().maxBackoff().compareTo(retry().initialBackoff()) >= 0,
        "sink.retry.max-backoff must be >= sink.retry.initial-backoff");
    require(
        !clickhouse().requestTimeout().isNegative() && !clickhouse().requestTimeout().isZero(),
        "sink.clickhouse.request-timeout must be > 0");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
