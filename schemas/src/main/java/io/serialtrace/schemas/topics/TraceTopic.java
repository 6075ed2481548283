package io.serialtrace.schemas.topics;

import static io.serialtrace.schemas.topics.RecordFormat.UNIT_SERIAL;
import static io.serialtrace.schemas.topics.RecordFormat.avro;
import static io.serialtrace.schemas.topics.RecordFormat.rawBytes;
import static io.serialtrace.schemas.topics.RecordFormat.text;
import static io.serialtrace.schemas.topics.Service.API;
import static io.serialtrace.schemas.topics.Service.GATE;
import static io.serialtrace.schemas.topics.Service.INGEST;
import static io.serialtrace.schemas.topics.Service.SINK;
import static io.serialtrace.schemas.topics.TopicCreator.PLATFORM;

import io.serialtrace.schemas.ComponentClaimAnswer;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GenealogyEdge;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.RecordCheckpoint;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.UnitCompleted;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.Violation;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every topic of the pipeline, declared once: name, key and value formats, partitioning, cleanup
 * policy, retention, who creates it, who writes and who reads it.
 *
 * <p>Topics are created by the <em>platform</em>, never by a service: in production by the helm
 * chart's Strimzi KafkaTopics, locally by the stack when its broker is ready ({@code
 * TopicProvisioner} in local-stack), each from this declaration. The broker's auto-creation is off,
 * so a service that writes before its topic exists fails loudly instead of creating the topic with
 * the broker's defaults (one partition where the gate needs the unit-keyed count).
 *
 * <p>Writers and readers are the source of the services' Kafka ACLs ({@code ServiceAccess} in
 * local-stack, and the chart's KafkaUsers): a service may write or read exactly the topics that
 * name it here.
 *
 * <p>Kafka Streams' own internal topics (changelogs, repartitions under the gate's application id)
 * are the gate's business and are not listed.
 */
public enum TraceTopic {
  /** Shop-floor events (ingest → gate); kept for the gate's dedup window. */
  PRODUCTION_EVENTS(
      Names.PRODUCTION_EVENTS,
      new Content(UNIT_SERIAL, avro(ProductionEvent.class)),
      Storage.deletedAfter(Partitioning.UNIT_KEYED, Duration.ofDays(7)),
      new Parties(PLATFORM, List.of(INGEST), List.of(GATE))),

  /** Released routes by product (ingest CDC → the gate's global store); latest revision forever. */
  ROUTES(
      Names.ROUTES,
      new Content(text("product"), avro(Route.class)),
      Storage.compacted(Partitioning.SINGLE),
      new Parties(PLATFORM, List.of(INGEST), List.of(GATE))),

  /** The gate's decision per event (gate → ingest, answering waiting stations). */
  GATE_DECISIONS(
      Names.GATE_DECISIONS,
      new Content(UNIT_SERIAL, avro(GateDecision.class)),
      Storage.deletedAfter(Partitioning.UNIT_KEYED, Duration.ofDays(1)),
      new Parties(PLATFORM, List.of(GATE), List.of(INGEST))),

  /** Accepted, hash-chained unit records (gate → sink); ClickHouse is the long-term store. */
  UNIT_RECORDS(
      Names.UNIT_RECORDS,
      new Content(UNIT_SERIAL, avro(UnitRecord.class)),
      Storage.deletedAfter(Partitioning.UNIT_KEYED, Duration.ofDays(30)),
      new Parties(PLATFORM, List.of(GATE), List.of(SINK))),

  /** Violations, raised then dispositioned (gate → sink, trace-api's live stream). */
  VIOLATIONS(
      Names.VIOLATIONS,
      new Content(UNIT_SERIAL, avro(Violation.class)),
      Storage.deletedAfter(Partitioning.UNIT_KEYED, Duration.ofDays(30)),
      new Parties(PLATFORM, List.of(GATE), List.of(SINK, API))),

  /** Genealogy edges INSTALLED / REMOVED (gate → sink), keyed by the parent's serial. */
  GENEALOGY(
      Names.GENEALOGY,
      new Content(text("parent serial"), avro(GenealogyEdge.class)),
      Storage.deletedAfter(Partitioning.UNIT_KEYED, Duration.ofDays(30)),
      new Parties(PLATFORM, List.of(GATE), List.of(SINK))),

  /** Closed units (gate → sink, ERP subscribers). */
  UNITS_COMPLETED(
      Names.UNITS_COMPLETED,
      new Content(UNIT_SERIAL, avro(UnitCompleted.class)),
      Storage.deletedAfter(Partitioning.UNIT_KEYED, Duration.ofDays(30)),
      new Parties(PLATFORM, List.of(GATE), List.of(SINK, OutsideReader.ERP))),

  /**
   * The gate's feedback loop: component violations raised by its component-keyed side, read back by
   * its unit side (key = unit serial), so co-partitioned with {@link #PRODUCTION_EVENTS}.
   */
  COMPONENT_VIOLATIONS(
      Names.COMPONENT_VIOLATIONS,
      new Content(UNIT_SERIAL, avro(Violation.class)),
      Storage.deletedAfter(Partitioning.UNIT_KEYED, Duration.ofDays(7)),
      new Parties(PLATFORM, List.of(GATE), List.of(GATE))),

  /**
   * The gate's claim loop: answers of its component-keyed side to a unit's claim on a component,
   * read back by its unit side (key = unit serial), so co-partitioned with {@link
   * #PRODUCTION_EVENTS}.
   */
  CLAIM_ANSWERS(
      Names.CLAIM_ANSWERS,
      new Content(UNIT_SERIAL, avro(ComponentClaimAnswer.class)),
      Storage.deletedAfter(Partitioning.UNIT_KEYED, Duration.ofDays(7)),
      new Parties(PLATFORM, List.of(GATE), List.of(GATE))),

  /**
   * Signed checkpoints of the record chains (gate → trace-api, auditors): per gate task and
   * interval, a Merkle root over the records it appended. Key = checkpointId ({@code
   * p<partition>-<sequence>}), unique, so compaction keeps every checkpoint and only drops an exact
   * redelivery. One partition: few records, read whole by every verifier. Only the gate writes.
   */
  RECORD_CHECKPOINTS(
      Names.RECORD_CHECKPOINTS,
      new Content(text("checkpoint id"), avro(RecordCheckpoint.class)),
      Storage.compacted(Partitioning.SINGLE),
      new Parties(PLATFORM, List.of(GATE), List.of(API, OutsideReader.AUDITORS))),

  /**
   * Undeserializable gate input, raw key and value and reason headers (Kafka Streams, KIP-1034).
   */
  GATE_DEAD_LETTERS(
      Names.GATE_DEAD_LETTERS,
      new Content(rawBytes("the input's key"), rawBytes("the input's value")),
      Storage.deletedAfter(Partitioning.SINGLE, Duration.ofDays(30)),
      new Parties(PLATFORM, List.of(GATE), List.of(OutsideReader.OPERATIONS))),

  /** Unreadable or refused MQTT input, raw bytes and reason headers (ingest). */
  INGEST_DEAD_LETTERS(
      Names.INGEST_DEAD_LETTERS,
      new Content(text("MQTT topic"), rawBytes("the MQTT payload")),
      Storage.deletedAfter(Partitioning.SINGLE, Duration.ofDays(30)),
      new Parties(PLATFORM, List.of(INGEST), List.of(OutsideReader.OPERATIONS))),

  /** Records the sink cannot map, raw bytes and reason headers (genealogy-sink). */
  SINK_DEAD_LETTERS(
      Names.SINK_DEAD_LETTERS,
      new Content(rawBytes("the record's key"), rawBytes("the record's value")),
      Storage.deletedAfter(Partitioning.SINGLE, Duration.ofDays(30)),
      new Parties(PLATFORM, List.of(SINK), List.of(OutsideReader.OPERATIONS)));

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
    public static final String RECORD_CHECKPOINTS = "trace.record-checkpoints.v1";
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

  /**
   * What a topic's records are.
   *
   * @param key how keys are written (what they hold decides the partition)
   * @param value how values are written
   */
  private record Content(RecordFormat key, RecordFormat value) {}

  /**
   * How the broker keeps a topic.
   *
   * @param partitioning unit-keyed or single
   * @param cleanup {@code cleanup.policy}
   * @param retention {@code retention.ms}; empty for a compacted topic, kept without a time limit
   */
  private record Storage(Partitioning partitioning, Cleanup cleanup, Optional<Duration> retention) {

    /** History, deleted after {@code retention}. */
    static Storage deletedAfter(Partitioning partitioning, Duration retention) {
      return new Storage(partitioning, Cleanup.DELETE, Optional.of(retention));
    }

    /** State: the latest value per key, kept for ever. */
    static Storage compacted(Partitioning partitioning) {
      return new Storage(partitioning, Cleanup.COMPACT, Optional.empty());
    }
  }

  /**
   * Who is at either end of a topic.
   *
   * @param createdBy the platform, or the service that creates it at start
   * @param writers the services producing to it (each gets Write on it, nobody else)
   * @param readers the services consuming it (each gets Read on it) and the readers outside the
   *     pipeline it is for
   */
  private record Parties(TopicCreator createdBy, List<Service> writers, List<TopicParty> readers) {
    Parties {
      writers = List.copyOf(writers);
      readers = List.copyOf(readers);
    }
  }

  private final String topicName;
  private final Content content;
  private final Storage storage;
  private final Parties parties;

  TraceTopic(String topicName, Content content, Storage storage, Parties parties) {
    this.topicName = topicName;
    this.content = content;
    this.storage = storage;
    this.parties = parties;
  }

  /** The Kafka topic name. */
  public String topicName() {
    return topicName;
  }

  /** How keys are written. */
  public RecordFormat key() {
    return content.key();
  }

  /** How values are written. */
  public RecordFormat value() {
    return content.value();
  }

  public Partitioning partitioning() {
    return storage.partitioning();
  }

  /** Partition count where the deployment keeps the defaults (the local stack). */
  public int defaultPartitions() {
    return switch (storage.partitioning()) {
      case UNIT_KEYED -> UNIT_KEYED_PARTITIONS;
      case SINGLE -> 1;
    };
  }

  public Cleanup cleanup() {
    return storage.cleanup();
  }

  /** {@code retention.ms}: empty for a compacted topic, kept without a time limit. */
  public Optional<Duration> retention() {
    return storage.retention();
  }

  /** The platform, or the service creating this topic at its start. */
  public TopicCreator createdBy() {
    return parties.createdBy();
  }

  /** The services producing to this topic. */
  public List<Service> writers() {
    return parties.writers();
  }

  /** Who consumes this topic: services and readers outside the pipeline. */
  public List<TopicParty> readers() {
    return parties.readers();
  }

  /** The services consuming this topic (the readers that get an ACL). */
  public List<Service> serviceReaders() {
    return parties.readers().stream()
        .filter(Service.class::isInstance)
        .map(Service.class::cast)
        .toList();
  }

  /** The topics the platform creates, in declaration order. */
  public static List<TraceTopic> createdByPlatform() {
    return Arrays.stream(values()).filter(t -> t.createdBy() == TopicCreator.PLATFORM).toList();
  }

  /** The topic with this Kafka name, if it is one of the pipeline's. */
  public static Optional<TraceTopic> named(String topicName) {
    return Arrays.stream(values()).filter(t -> t.topicName.equals(topicName)).findFirst();
  }
}
