package io.serialtrace.schemas.topics;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every topic of the pipeline, declared once: name, partitioning, cleanup policy and retention.
 *
 * <p>Topics are created by the <em>platform</em>, never by a service: in production by the helm
 * chart's Strimzi KafkaTopics, locally by the stack when its broker is ready ({@code
 * TopicProvisioner} in local-stack), each from this declaration. The broker's auto-creation is off,
 * so a service that writes before its topic exists fails loudly instead of creating the topic with
 * the broker's defaults (one partition where the gate needs the unit-keyed count).
 *
 * <p>Kafka Streams' own internal topics (changelogs, repartitions under the gate's application id)
 * are the gate's business and are not listed.
 */
public enum TraceTopic {
  /** Shop-floor events (ingest → gate), key = unit serial; kept for the gate's dedup window. */
  PRODUCTION_EVENTS(
      Names.PRODUCTION_EVENTS, Partitioning.UNIT_KEYED, Cleanup.DELETE, Duration.ofDays(7)),

  /** Released routes by product (ingest CDC → the gate's global store); latest revision forever. */
  ROUTES(Names.ROUTES, Partitioning.SINGLE, Cleanup.COMPACT, null),

  /** The gate's decision per event (gate → ingest, answering waiting stations). */
  GATE_DECISIONS(Names.GATE_DECISIONS, Partitioning.UNIT_KEYED, Cleanup.DELETE, Duration.ofDays(1)),

  /** Accepted, hash-chained unit records (gate → sink); ClickHouse is the long-term store. */
  UNIT_RECORDS(Names.UNIT_RECORDS, Partitioning.UNIT_KEYED, Cleanup.DELETE, Duration.ofDays(30)),

  /** Violations, raised then dispositioned (gate → sink, trace-api's live stream). */
  VIOLATIONS(Names.VIOLATIONS, Partitioning.UNIT_KEYED, Cleanup.DELETE, Duration.ofDays(30)),

  /** Genealogy edges INSTALLED / REMOVED (gate → sink), key = parent serial. */
  GENEALOGY(Names.GENEALOGY, Partitioning.UNIT_KEYED, Cleanup.DELETE, Duration.ofDays(30)),

  /** Closed units (gate → sink, ERP subscribers). */
  UNITS_COMPLETED(
      Names.UNITS_COMPLETED, Partitioning.UNIT_KEYED, Cleanup.DELETE, Duration.ofDays(30)),

  /**
   * The gate's feedback loop: component violations raised by its component-keyed side, read back by
   * its unit side (key = unit serial), so co-partitioned with {@link #PRODUCTION_EVENTS}.
   */
  COMPONENT_VIOLATIONS(
      Names.COMPONENT_VIOLATIONS, Partitioning.UNIT_KEYED, Cleanup.DELETE, Duration.ofDays(7)),

  /**
   * The gate's claim loop: answers of its component-keyed side to a unit's claim on a component,
   * read back by its unit side (key = unit serial), so co-partitioned with {@link
   * #PRODUCTION_EVENTS}.
   */
  CLAIM_ANSWERS(Names.CLAIM_ANSWERS, Partitioning.UNIT_KEYED, Cleanup.DELETE, Duration.ofDays(7)),

  /** Undeserializable gate input, raw bytes and reason headers (Kafka Streams, KIP-1034). */
  GATE_DEAD_LETTERS(
      Names.GATE_DEAD_LETTERS, Partitioning.SINGLE, Cleanup.DELETE, Duration.ofDays(30)),

  /** Unreadable or refused MQTT input, raw bytes and reason headers (ingest). */
  INGEST_DEAD_LETTERS(
      Names.INGEST_DEAD_LETTERS, Partitioning.SINGLE, Cleanup.DELETE, Duration.ofDays(30)),

  /** Records the sink cannot map, raw bytes and reason headers (genealogy-sink). */
  SINK_DEAD_LETTERS(
      Names.SINK_DEAD_LETTERS, Partitioning.SINGLE, Cleanup.DELETE, Duration.ofDays(30));

  /**
   * The names as compile-time constants, for the places Java wants a constant (annotation values
   * such as a setting's {@code @WithDefault}); everything else uses {@link #topicName()}.
   */
  public static final class Names {
    public static final String PRODUCTION_EVENTS = "trace.production-events.v1";
    public static final String ROUTES = "trace.routes.v1";
    public static final String GATE_DECISIONS = "trace.gate-decisions.v1";
    public static final String UNIT_RECORDS = "trace.unit-records.v1";
    public static final String VIOLATIONS = "trace.violations.v1";
    public static final String GENEALOGY = "trace.genealogy.v1";
    public static final String UNITS_COMPLETED = "trace.units-completed.v1";
    public static final String COMPONENT_VIOLATIONS = "trace.gate-component-violations.v1";
    public static final String CLAIM_ANSWERS = "trace.gate-claim-answers.v1";
    public static final String GATE_DEAD_LETTERS = "trace.gate-dlq.v1";
    public static final String INGEST_DEAD_LETTERS = "trace.ingest-dlq.v1";
    public static final String SINK_DEAD_LETTERS = "trace.sink-dlq.v1";

    private Names() {}
  }

  /**
   * Partitions of every unit-keyed topic on a deployment that does not choose its own (the local
   * stack; the chart's {@code kafka.topicDefaults.partitions}). They bound the gate's parallelism
   * and stay equal, so one unit's events and outputs share a partition number.
   */
  public static final int UNIT_KEYED_PARTITIONS = 6;

  /** How a topic is partitioned. */
  public enum Partitioning {
    /** Keyed by unit (or parent) serial: {@link #UNIT_KEYED_PARTITIONS}, equal across topics. */
    UNIT_KEYED,
    /** Few records or a global store: one partition. */
    SINGLE
  }

  /** Kafka's {@code cleanup.policy}. */
  public enum Cleanup {
    DELETE("delete"),
    COMPACT("compact");

    private final String config;

    Cleanup(String config) {
      this.config = config;
    }

    /** The {@code cleanup.policy} value. */
    public String config() {
      return config;
    }
  }

  private final String topicName;
  private final Partitioning partitioning;
  private final Cleanup cleanup;
  private final Duration retention;

  TraceTopic(String topicName, Partitioning partitioning, Cleanup cleanup, Duration retention) {
    this.topicName = topicName;
    this.partitioning = partitioning;
    this.cleanup = cleanup;
    this.retention = retention;
  }

  /** The Kafka topic name. */
  public String topicName() {
    return topicName;
  }

  public Partitioning partitioning() {
    return partitioning;
  }

  /** Partition count where the deployment keeps the defaults (the local stack). */
  public int defaultPartitions() {
    return switch (partitioning) {
      case UNIT_KEYED -> UNIT_KEYED_PARTITIONS;
      case SINGLE -> 1;
    };
  }

  public Cleanup cleanup() {
    return cleanup;
  }

  /** {@code retention.ms}: empty for a compacted topic, kept without a time limit. */
  public Optional<Duration> retention() {
    return Optional.ofNullable(retention);
  }

  /** The topic with this Kafka name, if it is one of the pipeline's. */
  public static Optional<TraceTopic> named(String topicName) {
    return Arrays.stream(values()).filter(t -> t.topicName.equals(topicName)).findFirst();
  }
}
