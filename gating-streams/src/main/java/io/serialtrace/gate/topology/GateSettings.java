package io.serialtrace.gate.topology;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Every setting of the gate, prefix {@code gate}. Defaults are declared here and only here; tests
 * build the topology from a plain implementation of this interface. Checked at start: each value by
 * its Bean Validation constraint here (a duration that must be positive, or at least not negative),
 * relations between settings by {@code app/SettingsCheck}.
 */
@ConfigMapping(prefix = "gate")
public interface GateSettings {

  /**
   * How long a decided eventId is remembered so a redelivery gets the first decision again. Must
   * exceed the longest time a producer may retry or replay an event (ingest retries, a station
   * re-sending after an outage).
   */
  @WithDefault("P7D")
  @DurationMin(millis = 1)
  Duration dedupRetention();

  /**
   * How long a completed or scrapped unit keeps its full state before it is compacted to the small
   * form that still refuses a reissued serial (DUPLICATE_SERIAL) and late events (UNIT_CLOSED).
   */
  @WithDefault("P30D")
  @DurationMin(seconds = 0)
  Duration closedUnitRetention();

  /**
   * How long the gate remembers a refusal notice (a violation raised by a refused event) so quality
   * can acknowledge it, counted from when it was raised. A notice still unacknowledged then ends
   * EXPIRED and is forgotten; an acknowledged one is kept as long, so a second acknowledgement is
   * told who acknowledged it. This bounds the notice store however many refusals a serial gets,
   * including serials that never became a unit (UNKNOWN_UNIT, UNKNOWN_ROUTE).
   */
  @WithDefault("P90D")
  @DurationMin(millis = 1)
  Duration noticeRetention();

  /**
   * Wall-clock interval of the punctuator raising STEP_OVERDUE / QUEUE_TIME_EXCEEDED, purging
   * expired dedup entries, expiring notices and compacting closed units: the worst-case delay of a
   * time-raised violation.
   */
  @WithDefault("PT1S")
  @DurationMin(millis = 1)
  Duration punctuationInterval();

  /**
   * How far an event's eventTime may lie after its receivedTime before CLOCK_SKEW is raised: the
   * source and ingest clocks are never exactly in step.
   */
  @WithDefault("PT5S")
  @DurationMin(seconds = 0)
  Duration clockSkewTolerance();

  /**
   * How long (wall-clock time) an installation of a serialized component waits for the answer to
   * its component's claim, the unit's later events behind it, before it is refused as
   * CLAIM_UNAVAILABLE — and only once no answer has reached the unit's task for as long (while
   * answers come, the wait is extended). An answer normally takes two commit intervals; this bounds
   * an outage of the component side. It must exceed a task's move to another instance (session
   * timeout, restore) and the time the gate needs between two polls while it works off a backlog
   * (up to half of {@code max.poll.interval.ms}): a refusal then would refuse good work. A station
   * waiting less than this gets 202 and finds the decision at its Location.
   */
  @WithDefault("PT5M")
  @DurationMin(millis = 1)
  Duration claimTimeout();

  /** Apicurio Registry API base URL (v3), used by the Avro serdes. */
  @WithDefault("http://localhost:8080/apis/registry/v3")
  String registryUrl();

  /**
   * Whether the serdes register the schema of what they write when it is not registered yet. Off
   * where schemas are registered by the release pipeline only.
   */
  @WithDefault("true")
  boolean registryAutoRegister();

  /**
   * Longest one schema-registry request (a schema or reference lookup, a registration) may connect
   * or wait for an answer. A stream thread whose lookup fails after it stops with the error (and is
   * replaced) instead of hanging with its tasks unprocessed: the serde's own client has no bound.
   * Under a millisecond is refused: it would round to 0, which the HTTP client reads as no timeout.
   */
  @WithDefault("PT5S")
  @DurationMin(millis = 1)
  Duration registryRequestTimeout();

  /**
   * How long readiness stays DOWN after a stream thread was lost to an unreachable or silent schema
   * registry (the thread is replaced and retries; while it keeps failing, readiness stays DOWN).
   * Longer than one failing attempt: the serde's retries, each up to {@code
   * registry-request-timeout}.
   */
  @WithDefault("PT1M")
  @DurationMin(seconds = 1)
  Duration registryFailureReadiness();

  /**
   * RocksDB block cache shared by every store of this instance, in bytes: index and filter blocks
   * live in it too, so reads stay within it however many units accumulate.
   */
  @WithDefault("67108864")
  @Positive
  long rocksdbBlockCacheBytes();

  /**
   * Budget of all RocksDB memtables of this instance, in bytes, charged against the block cache (a
   * {@code WriteBufferManager}): flushes happen when it is reached, so writes cannot grow memory.
   * Must be below {@link #rocksdbBlockCacheBytes()}.
   */
  @WithDefault("16777216")
  @Positive
  long rocksdbWriteBufferBytes();

  /**
   * How many times {@code GET /units/{serial}/state} asks the store while it is not queryable (a
   * rebalance or restore in progress) before answering 503.
   */
  @WithDefault("5")
  @Positive
  int queryAttempts();

  /** Pause between two of those attempts. */
  @WithDefault("PT0.2S")
  @DurationMin(seconds = 0)
  Duration queryRetryBackoff();

  /**
   * Standby replicas of each stateful task (warm copies of the unit store on other instances, for
   * fast failover). Under {@code group.protocol=streams} this is a setting of the group on the
   * broker ({@code streams.num.standby.replicas}), which the gate sets at start.
   */
  @WithDefault("0")
  @Min(0)
  int standbyReplicas();

  /** The signed checkpoints that anchor the record chains ({@code trace.record-checkpoints.v1}). */
  Checkpoint checkpoint();

  /** Checkpoint settings, prefix {@code gate.checkpoint}. */
  interface Checkpoint {
    /**
     * Whether the gate publishes checkpoints. Off only to measure what they cost (the bench): every
     * record then stays visibly unanchored in trace-api (NOT_YET_ANCHORED), so turning it off
     * cannot hide a rewrite.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Wall-clock interval at which each gate task publishes a signed checkpoint of the records it
     * appended since its last one (none when it appended nothing): the longest a record stays
     * unanchored, and the window in which a rewrite in ClickHouse goes undetected.
     */
    @WithDefault("PT10S")
    @DurationMin(millis = 100)
    Duration interval();

    /**
     * Id of the signing key, written into every checkpoint; verifiers look the public key up by it.
     * A rotation gives the new key a new id (README, "Record checkpoints").
     */
    @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 of A-Z a-z 0-9 . _ -")
    String keyId();

    /**
     * The Ed25519 private key the checkpoints are signed with, a PKCS#8 PEM file ({@code openssl
     * genpkey -algorithm ed25519}). The gate does not start without it.
     */
    Path signingKey();
  }
}
