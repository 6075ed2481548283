package io.serialtrace.gate.topics;

import io.serialtrace.schemas.ComponentClaimAnswer;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GenealogyEdge;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.RecordCheckpoint;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.UnitCompleted;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.topics.TraceTopic;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The gate's topics: names (from the pipeline's topic registry, {@link TraceTopic}), keys and value
 * formats, used by the topology and its tests alike. Keys are Strings (unit serial unless said
 * otherwise); values are Avro, their serdes supplied by a {@link SerdeFactory}.
 */
public final class Topics {

  /** Input: shop-floor events, key = unit serial. */
  public static final String PRODUCTION_EVENTS = TraceTopic.PRODUCTION_EVENTS.topicName();

  /** Input (global, compacted): route revisions, key = product. */
  public static final String ROUTES = TraceTopic.ROUTES.topicName();

  /** Output: one decision per input event (redeliveries repeated), key = serial. */
  public static final String GATE_DECISIONS = TraceTopic.GATE_DECISIONS.topicName();

  /** Output: accepted events, hash-chained per serial, key = serial. */
  public static final String UNIT_RECORDS = TraceTopic.UNIT_RECORDS.topicName();

  /**
   * Output: violations raised, and again when dispositioned, key = serial of the unit concerned.
   */
  public static final String VIOLATIONS = TraceTopic.VIOLATIONS.topicName();

  /** Output: INSTALLED / REMOVED edges, key = parent (unit) serial. */
  public static final String GENEALOGY = TraceTopic.GENEALOGY.topicName();

  /**
   * Output: closed unit records (completed, released after disposition, scrapped), key = serial.
   */
  public static final String UNITS_COMPLETED = TraceTopic.UNITS_COMPLETED.topicName();

  /** Output (compacted): signed checkpoints of the records appended, key = checkpointId. */
  public static final String RECORD_CHECKPOINTS = TraceTopic.RECORD_CHECKPOINTS.topicName();

  /**
   * Dead letters: input records that could not be deserialized, raw key and value kept, the reason
   * in {@code __streams.errors.*} headers. Written by Kafka Streams itself (KIP-1034).
   */
  public static final String GATE_DLQ = TraceTopic.GATE_DEAD_LETTERS.topicName();

  /**
   * Gate-internal feedback: COMPONENT_REUSED violations the component-keyed sub-topology raises on
   * a unit still holding a component another unit tried to install, key = serial of that unit, read
   * back by the unit side, which remembers them as notices of that unit. A plain topic, not a Kafka
   * Streams repartition: the loop units → components → units would be a cycle of repartitions, and
   * the registry declares it unit-keyed like {@link #PRODUCTION_EVENTS}, so the two are
   * co-partitioned.
   */
  public static final String COMPONENT_VIOLATIONS = TraceTopic.COMPONENT_VIOLATIONS.topicName();

  /**
   * Gate-internal feedback: the component-keyed side's answer to a unit's claim on a component, key
   * = serial of the claiming unit, read back by the unit side, which then decides the installation
   * waiting for it. A plain topic for the same reason as {@link #COMPONENT_VIOLATIONS}.
   */
  public static final String CLAIM_ANSWERS = TraceTopic.CLAIM_ANSWERS.topicName();

  /**
   * Internal repartition (named, so the topic is {@code <application.id>-gate-component-facts-
   * repartition}): claims, releases, withdrawn claims and unit status changes, key = component
   * serial.
   */
  public static final String COMPONENT_FACTS_REPARTITION = "gate-component-facts";

  private final Topic<String, ProductionEvent> productionEvents;
  private final Topic<String, Route> routes;
  private final Topic<String, GateDecision> gateDecisions;
  private final Topic<String, UnitRecord> unitRecords;
  private final Topic<String, Violation> violations;
  private final Topic<String, GenealogyEdge> genealogy;
  private final Topic<String, UnitCompleted> unitsCompleted;
  private final Topic<String, Violation> componentViolations;
  private final Topic<String, ComponentClaimAnswer> claimAnswers;
  private final Topic<String, RecordCheckpoint> recordCheckpoints;

  public Topics(SerdeFactory serdes) {
    productionEvents = topic(PRODUCTION_EVENTS, serdes, ProductionEvent.class);
    routes = topic(ROUTES, serdes, Route.class);
    gateDecisions = topic(GATE_DECISIONS, serdes, GateDecision.class);
    unitRecords = topic(UNIT_RECORDS, serdes, UnitRecord.class);
    violations = topic(VIOLATIONS, serdes, Violation.class);
    genealogy = topic(GENEALOGY, serdes, GenealogyEdge.class);
    unitsCompleted = topic(UNITS_COMPLETED, serdes, UnitCompleted.class);
    componentViolations = topic(COMPONENT_VIOLATIONS, serdes, Violation.class);
    claimAnswers = topic(CLAIM_ANSWERS, serdes, ComponentClaimAnswer.class);
    recordCheckpoints = topic(RECORD_CHECKPOINTS, serdes, RecordCheckpoint.class);
  }

  private static <V extends org.apache.avro.specific.SpecificRecord> Topic<String, V> topic(
      String name, SerdeFactory serdes, Class<V> type) {
    return new Topic<>(name, Serdes.String(), serdes.avro(type, false));
  }

  /** Topics the application reads; they must exist before it starts. */
  public static List<String> inputs() {
    return List.of(PRODUCTION_EVENTS, ROUTES);
  }

  /** Topics the application writes besides its internal ones. */
  public static List<String> outputs() {
    return List.of(
        GATE_DECISIONS,
        UNIT_RECORDS,
        VIOLATIONS,
        GENEALOGY,
        UNITS_COMPLETED,
        RECORD_CHECKPOINTS,
        GATE_DLQ);
  }

  /**
   * Topics the gate both writes and reads, outside Kafka Streams' own internal topics; they must
   * have the partition count of {@link #PRODUCTION_EVENTS} (same task, same unit store).
   */
  public static List<String> loops() {
    return List.of(COMPONENT_VIOLATIONS, CLAIM_ANSWERS);
  }

  public Topic<String, ProductionEvent> productionEvents() {
    return productionEvents;
  }

  public Topic<String, Route> routes() {
    return routes;
  }

  public Topic<String, GateDecision> gateDecisions() {
    return gateDecisions;
  }

  public Topic<String, UnitRecord> unitRecords() {
    return unitRecords;
  }

  public Topic<String, Violation> violations() {
    return violations;
  }

  public Topic<String, GenealogyEdge> genealogy() {
    return genealogy;
  }

  public Topic<String, UnitCompleted> unitsCompleted() {
    return unitsCompleted;
  }

  public Topic<String, Violation> componentViolations() {
    return componentViolations;
  }

  public Topic<String, ComponentClaimAnswer> claimAnswers() {
    return claimAnswers;
  }

  public Topic<String, RecordCheckpoint> recordCheckpoints() {
    return recordCheckpoints;
  }
}
