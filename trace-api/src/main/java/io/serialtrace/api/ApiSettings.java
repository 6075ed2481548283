package io.serialtrace.api;

import io.serialtrace.schemas.topics.TraceTopic;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Every setting of trace-api (prefix {@code api}); the ClickHouse connection itself is the Agroal
 * datasource ({@code quarkus.datasource.*}). Checked at start: each value by its Bean Validation
 * constraint here, relations between settings by {@link SettingsCheck}; either stops the service
 * naming the setting.
 */
@ConfigMapping(prefix = "api")
public interface ApiSettings {

  /**
   * ClickHouse database holding the genealogy-sink tables (unit_records, genealogy_edges,
   * violations, units). A plain identifier; it is written into SQL text.
   */
  @WithDefault("trace")
  @Pattern(
      regexp = "[A-Za-z_][A-Za-z0-9_]*",
      message = "must be a plain identifier (it is written into SQL text)")
  String database();

  /**
   * Longest a single ClickHouse query may run (sent as max_execution_time); a longer one fails with
   * 503 instead of holding a pooled connection.
   */
  @WithDefault("PT30S")
  @DurationMin(seconds = 1)
  Duration queryTimeout();

  /** Genealogy walks (trace, where-used). */
  Genealogy genealogy();

  /** Paging of list endpoints. */
  Pages pages();

  /** The contemporaneity report. */
  Contemporaneity contemporaneity();

  /** The live violation stream (SSE) fed from Kafka. */
  Stream stream();

  /** The record checkpoints a unit's record is verified against. */
  Anchor anchor();

  /**
   * Per-plant settings by plant id ({@code api.plants.<id>.*}), e.g. {@code
   * api.plants.P1.time-zone=Europe/Berlin}. A plant not listed gets every default (UTC, shifts at
   * 06:00, 14:00 and 22:00). Configuration now; plant master data later (issue 15).
   */
  @WithDefaults
  Map<String, Plant> plants();

  /** Genealogy walk limits. */
  interface Genealogy {
    /** Levels walked when a request gives no {@code depth}; at most {@link #maxDepth()}. */
    @WithDefault("10")
    @Positive
    int defaultDepth();

    /**
     * Largest {@code depth} a request may ask for; more is a 400. At most 100: the genealogy
     * closure rebuilt from the edges covers 101 levels (genealogy-sink's closure-rebuild).
     */
    @WithDefault("30")
    @Positive
    @Max(100)
    int maxDepth();

    /**
     * Most distinct nodes one walk visits before it stops and reports itself truncated (truncatedBy
     * NODE_LIMIT): bounds memory and query size for a runaway lot.
     */
    @WithDefault("500000")
    @Positive
    int maxNodes();

    /**
     * How often the genealogy closure's state (complete, or not yet rebuilt after an upgrade) is
     * read again; traces walk level by level while it is not complete.
     */
    @WithDefault("PT30S")
    @DurationMin(millis = 100)
    Duration closureStateCheckInterval();
  }

  /** Page sizes. */
  interface Pages {
    /** Page size when a request gives no {@code limit}; at most {@link #maxLimit()}. */
    @WithDefault("100")
    @Positive
    int defaultLimit();

    /** Largest {@code limit} a request may ask for; more is a 400. */
    @WithDefault("1000")
    @Positive
    int maxLimit();
  }

  /** Contemporaneity report settings. */
  interface Contemporaneity {
    /**
     * Entry lag (receivedTime - eventTime) above which a record counts as a late entry in the
     * report when the request gives no {@code lateAfter}. The gate's own LATE_ENTRY violations
     * (route-specific limits) are counted separately.
     */
    @WithDefault("PT15M")
    @DurationMin(inclusive = false)
    Duration lateEntryThreshold();

    /**
     * Window reported when a request gives no {@code from}: the last this-long up to {@code to}; at
     * most {@link #maxRange()}.
     */
    @WithDefault("PT24H")
    @DurationMin(inclusive = false)
    Duration defaultRange();

    /** Widest {@code from}..{@code to} window a request may ask for; wider is a 400. */
    @WithDefault("P31D")
    Duration maxRange();
  }

  /** One plant's shift calendar, used by the contemporaneity report's end-of-shift clustering. */
  interface Plant {
    /**
     * The plant's time zone (a region id such as Europe/Berlin, or UTC): shift starts are local
     * times there, so daylight-saving changes move them in UTC.
     */
    @WithDefault("UTC")
    ZoneId timeZone();

    /**
     * Local times (HH:mm) at which the plant's shifts start; each shift ends where the next one
     * starts (the last one at the first start of the next day). At least one and at most 24,
     * distinct and at least an hour apart (SettingsCheck), so each shift's last hour lies within
     * it.
     */
    @WithDefault("06:00,14:00,22:00")
    @Size(min = 1, max = 24)
    List<LocalTime> shiftStarts();
  }

  /** Record checkpoints (the anchored chain). */
  interface Anchor {
    /**
     * The checkpoint signers' public keys (Ed25519, X.509 PEM files) by key id, e.g. {@code
     * api.anchor.public-keys.dev-1=/etc/trace/checkpoint-dev-1.pem}: the current signer's and every
     * earlier one's, so checkpoints signed before a rotation still verify. A checkpoint whose key
     * id is not here anchors nothing. At least one.
     */
    @Size(min = 1)
    Map<String, Path> publicKeys();

    /** The topic the gate publishes its checkpoints to, read whole at start and followed. */
    @WithDefault(TraceTopic.Names.RECORD_CHECKPOINTS)
    String topic();
  }

  /** Live violations from Kafka. */
  interface Stream {
    /** Whether the consumer runs; off, /v1/violations/stream answers 503. */
    @WithDefault("true")
    boolean enabled();

    /** Kafka bootstrap.servers for the violation topic. */
    String bootstrapServers();

    /** Apicurio Registry v3 API base URL, for the Avro deserializer. */
    String registryUrl();

    /**
     * Longest one schema-registry request of the live streams' Avro deserializer may connect or
     * wait for an answer; a silent registry then fails the read (the stream retries, readiness
     * DOWN) instead of hanging it. Under a millisecond is refused: 0 would mean no timeout.
     */
    @WithDefault("PT5S")
    @DurationMin(millis = 1)
    Duration registryRequestTimeout();

    /**
     * Bound of the live streams' Kafka requests (positioning, offsets) and how long a stream may go
     * without hearing from the broker before it asks (end offsets, bounded by this too): a broker
     * that does not answer turns the stream to retrying and readiness DOWN within about twice this.
     */
    @WithDefault("PT10S")
    @DurationMin(millis = 100)
    Duration kafkaTimeout();

    /** The topic the gate publishes violations to. */
    @WithDefault(TraceTopic.Names.VIOLATIONS)
    String topic();

    /** Interval of the SSE comment that keeps idle connections (and proxies) open. */
    @WithDefault("PT15S")
    @DurationMin(millis = 100)
    Duration heartbeat();
  }
}
