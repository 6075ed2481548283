package io.serialtrace.gate.topology;

import io.serialtrace.gate.rules.ComponentFact;
import io.serialtrace.gate.rules.ComponentState;
import io.serialtrace.gate.rules.UnitStateSerde;
import io.serialtrace.gate.topics.SerdeFactory;
import io.serialtrace.gate.topics.Topic;
import io.serialtrace.gate.topics.Topics;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.Violation;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The gate's topology. Sub-topology 1, keyed by unit serial: production events merged with the
 * answers to the units' component claims ({@link Topics#CLAIM_ANSWERS}) → {@link GateProcessor} →
 * one sink per output topic (signed record checkpoints among them, {@link RecordAnchor}), plus
 * component facts (claims, releases) re-keyed by component serial; and, sharing the notice stores,
 * violations about units raised on the component side ({@link Topics#COMPONENT_VIOLATIONS}) →
 * {@link UnitViolationProcessor}, which remembers them as notices of the units they concern.
 * Sub-topology 2, keyed by component serial: the named repartition → {@link ComponentProcessor} →
 * claim answers, keyed by the claiming unit, to {@link Topics#CLAIM_ANSWERS}; violations on units
 * still holding a component, to the violations topic and, keyed by unit serial, to {@link
 * Topics#COMPONENT_VIOLATIONS}. Global: the routes store.
 *
 * <p>Every node, store and repartition is named, so {@code describe()} is stable and a rename is a
 * reviewed change (see {@code src/test/resources/topology.txt}).
 */
public final class GateTopology {

  /**
   * Unit state. Key: unit serial. Value: {@link io.serialtrace.gate.rules.UnitState} (JSON). Lives
   * for ever: open units in full, closed units compacted after {@code gate.closed-unit-retention}
   * to the small form that keeps DUPLICATE_SERIAL and UNIT_CLOSED working.
   */
  public static final String UNITS_STORE = "gate-units";

  /**
   * First decision per event, for idempotency ({@link EventDecisions}). A window store: key eventId
   * (UUID string) in a window at the event's input record timestamp; value the first GateDecision.
   * Retained {@code gate.dedup-retention}: RocksDB drops whole segments past it and the changelog
   * (compact, delete) forgets them, so an event costs one write and nothing to forget it.
   */
  public static final String EVENT_DECISIONS_STORE = "gate-event-decisions";

  /**
   * First decision per event as gates before {@link #EVENT_DECISIONS_STORE} stored it. Key: eventId
   * (UUID string). Value: the first GateDecision. Read-only now: still read for redeliveries and
   * purged via {@link #DECISION_EXPIRY_STORE} when its {@code gate.dedup-retention} passes, so
   * empty one retention after the upgrade (a later version may then drop it from the topology).
   */
  public static final String DECISIONS_STORE = "gate-decisions-by-event";

  /**
   * Time index of {@link #DECISIONS_STORE}, read-only like it. Key: expiry instant (8 bytes
   * big-endian epoch micros) + eventId. Value: eventId. An entry lives until its expiry passes.
   */
  public static final String DECISION_EXPIRY_STORE = "gate-decision-expiry";

  /**
   * Time index of unit deadlines (STEP_OVERDUE, QUEUE_TIME_EXCEEDED) and closed-unit compactions.
   * Key: due instant (8 bytes big-endian epoch micros) + serial, so iteration is in time order.
   * Value: serial. An entry lives until it is due (the punctuator deletes what it handled) or until
   * the deadline disappears from the unit state (step completed in time).
   */
  public static final String DUE_INDEX_STORE = "gate-due-index";

  /**
   * Refusal notices. Key: violationId (UUID string). Value: the notice as last emitted (OPEN, or
   * ACKNOWLEDGED). Lives {@code gate.notice-retention} from when it was raised, then the punctuator
   * ends an open one EXPIRED and deletes it, via {@link #NOTICE_EXPIRY_STORE}.
   */
  public static final String NOTICES_STORE = "gate-notices";

  /**
   * Time index of the notice store. Key: expiry instant (8 bytes big-endian epoch micros) +
   * violationId. Value: violationId. An entry lives until its expiry passes.
   */
  public static final String NOTICE_EXPIRY_STORE = "gate-notice-expiry";

  /**
   * Global routes. Key: product. Value: the latest Route revision published on trace.routes.v1 for
   * it (the rules use it only when RELEASED). Lives as long as the compacted topic keeps it.
   */
  public static final String ROUTES_STORE = "gate-routes";

  /**
   * The route revisions this task's units are pinned to ({@link RouteRevisions}). Key: product +
   * NUL + revision. Value: that Route revision. Written when a unit first pins a revision; lives
   * for ever (a few entries per product).
   */
  public static final String ROUTE_REVISIONS_STORE = "gate-route-revisions";

  /**
   * Component serials. Key: component serial. Value: {@link ComponentState} (the unit holding it by
   * a granted claim, with its plant; its own status when it is a unit of this system). Lives for
   * ever (one small entry per serial).
   */
  public static final String COMPONENTS_STORE = "gate-components";

  /**
   * Records appended since the task's last checkpoint, per unit. Key: serial + "@" + seq / {@link
   * RecordAnchor#RECORDS_PER_ENTRY} (earlier gates: serial + "#" + seq, one record). Value: {@link
   * RecordAnchor.Pending} (JSON: the serial and up to that many records). Lives until the next
   * checkpoint ({@code gate.checkpoint.interval}) covers it.
   */
  public static final String ANCHOR_PENDING_STORE = "gate-anchor-pending";

  /**
   * Where the task's checkpoint chain stands. Key: {@code p<partition>}, one entry per task. Value:
   * {@link RecordAnchor.Chain} (last sequence, root, time; JSON). Lives for ever.
   */
  public static final String ANCHOR_CHAIN_STORE = "gate-anchor-chain";

  /** The window of an event in {@link #EVENT_DECISIONS_STORE}: an instant (no window semantics). */
  private static final java.time.Duration DEDUP_WINDOW = java.time.Duration.ofMillis(1);

  private GateTopology() {}

  /**
   * Kafka Streams settings the topology relies on: undeserializable input goes to the dead-letter
   * topic with its raw bytes and the reason in headers, and processing continues (KIP-1034); input
   * unread because the schema registry did not answer is not dead-lettered but read again ({@link
   * DeadLetterUnlessRegistryDown}).
   */
  public static Map<String, Object> streamsConfig() {
    return Map.of(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterUnlessRegistryDown.class.getName(),
        StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
        Topics.GATE_DLQ);
  }

  public static Topology build(StreamsBuilder builder, GateSettings settings, SerdeFactory serdes) {
    Topics topics = new Topics(serdes);
    CheckpointSigner signer = CheckpointSigner.load(settings.checkpoint());
    JsonSerde<ComponentFact> factSerde = new JsonSerde<>(ComponentFact.class);

    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ROUTES_STORE),
                Serdes.String(),
                serdes.avro(Route.class, false))
            .withLoggingDisabled(), // a global store restores from its source topic
        Topics.ROUTES,
        topics.routes().consumed("routes-global"),
        RouteStoreUpdater::new);
    // The record cache (statestore.cache.max.bytes) on the stores written several times per unit
    // within a commit: the unit's state, its due-time entries and its records pending a checkpoint
    // reach RocksDB and the changelog once per commit, not once per event. Flushed before each
    // commit, so exactly once holds.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(UNITS_STORE), Serdes.String(), new UnitStateSerde())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(ROUTE_REVISIONS_STORE),
            Serdes.String(),
            serdes.avro(Route.class, false)));
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                EVENT_DECISIONS_STORE, settings.dedupRetention(), DEDUP_WINDOW, false),
            Serdes.String(),
            serdes.avro(GateDecision.class, false)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(DECISIONS_STORE),
            Serdes.String(),
            serdes.avro(GateDecision.class, false)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(DECISION_EXPIRY_STORE),
            Serdes.Bytes(),
            Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DUE_INDEX_STORE), Serdes.Bytes(), Serdes.String())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(NOTICES_STORE),
            Serdes.String(),
            serdes.avro(Violation.class, false)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(NOTICE_EXPIRY_STORE), Serdes.Bytes(), Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(COMPONENTS_STORE),
                Serdes.String(),
                new JsonSerde<>(ComponentState.class))
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ANCHOR_PENDING_STORE),
                Serdes.String(),
                new JsonSerde<>(RecordAnchor.Pending.class))
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(ANCHOR_CHAIN_STORE),
            Serdes.String(),
            new JsonSerde<>(RecordAnchor.Chain.class)));

    KStream<String, GateInput> events =
        builder.stream(
                Topics.PRODUCTION_EVENTS, topics.productionEvents().consumed("events-source"))
            .mapValues(GateInput.Event::new, Named.as("events-as-input"));
    KStream<String, GateInput> claimAnswers =
        builder.stream(Topics.CLAIM_ANSWERS, topics.claimAnswers().consumed("claim-answers-source"))
            .mapValues(GateInput.ClaimAnswered::new, Named.as("claim-answers-as-input"));
    KStream<String, GateOutput> outputs =
        events
            .merge(claimAnswers, Named.as("gate-inputs"))
            .process(
                () -> new GateProcessor(settings, signer),
                Named.as("gate-processor"),
                UNITS_STORE,
                ROUTE_REVISIONS_STORE,
                EVENT_DECISIONS_STORE,
                DECISIONS_STORE,
                DECISION_EXPIRY_STORE,
                DUE_INDEX_STORE,
                NOTICES_STORE,
                NOTICE_EXPIRY_STORE,
                ANCHOR_PENDING_STORE,
                ANCHOR_CHAIN_STORE); // ROUTES_STORE is global: every processor may read it

    BranchedKStream<String, GateOutput> split = outputs.split(Named.as("gate-output-"));
    sink(
        split,
        "decisions",
        GateOutput.Decision.class,
        GateOutput.Decision::value,
        topics.gateDecisions());
    sink(split, "records", GateOutput.Record.class, GateOutput.Record::value, topics.unitRecords());
    sink(
        split,
        "violations",
        GateOutput.Raised.class,
        GateOutput.Raised::value,
        topics.violations());
    sink(split, "genealogy", GateOutput.Edge.class, GateOutput.Edge::value, topics.genealogy());
    sink(
        split,
        "completed",
        GateOutput.Completed.class,
        GateOutput.Completed::value,
        topics.unitsCompleted());
    sink(
        split,
        "checkpoints",
        GateOutput.Checkpoint.class,
        GateOutput.Checkpoint::value,
        topics.recordCheckpoints());
    split.branch(
        (key, value) -> value instanceof GateOutput.Fact,
        Branched.withConsumer(
            facts -> {
              KStream<String, ComponentOutput> decided =
                  facts
                      .mapValues(value -> ((GateOutput.Fact) value).value(), Named.as("fact-value"))
                      .repartition(
                          Repartitioned.with(Serdes.String(), factSerde)
                              .withName(Topics.COMPONENT_FACTS_REPARTITION))
                      .process(
                          ComponentProcessor::new,
                          Named.as("component-processor"),
                          COMPONENTS_STORE);
              BranchedKStream<String, ComponentOutput> byType =
                  decided.split(Named.as("component-output-"));
              // Back to the claiming units, which decide the installations waiting for them.
              byType.branch(
                  (key, value) -> value instanceof ComponentOutput.Answer,
                  Branched.withConsumer(
                      answers ->
                          answers
                              .mapValues(
                                  value -> ((ComponentOutput.Answer) value).value(),
                                  Named.as("claim-answer-value"))
                              .to(
                                  Topics.CLAIM_ANSWERS,
                                  topics.claimAnswers().produced("claim-answers-sink")),
                      "answers"));
              byType.branch(
                  (key, value) -> value instanceof ComponentOutput.HolderViolation,
                  Branched.withConsumer(
                      holders -> {
                        KStream<String, Violation> violations =
                            holders.mapValues(
                                value -> ((ComponentOutput.HolderViolation) value).value(),
                                Named.as("holder-violation-value"));
                        violations.to(
                            Topics.VIOLATIONS,
                            topics.violations().produced("component-violations-sink"));
                        // Back to the units they concern, so they hold them.
                        violations.to(
                            Topics.COMPONENT_VIOLATIONS,
                            topics
                                .componentViolations()
                                .produced("component-violations-to-units-sink"));
                      },
                      "holder-violations"));
            },
            "component-facts"));
    builder.stream(
            Topics.COMPONENT_VIOLATIONS,
            topics.componentViolations().consumed("component-violations-source"))
        .process(
            () -> new UnitViolationProcessor(settings),
            Named.as("unit-violation-processor"),
            NOTICES_STORE,
            NOTICE_EXPIRY_STORE);
    return builder.build();
  }

  private static <T extends GateOutput, V> void sink(
      BranchedKStream<String, GateOutput> split,
      String name,
      Class<T> type,
      Function<T, V> unwrap,
      Topic<String, V> topic) {
    split.branch(
        (key, value) -> type.isInstance(value),
        Branched.withConsumer(
            branch ->
                branch
                    .mapValues(value -> unwrap.apply(type.cast(value)), Named.as(name + "-value"))
                    .to(topic.name(), topic.produced(name + "-sink")),
            name));
  }
}
