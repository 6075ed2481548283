package io.serialtrace.gate.topology;

import io.serialtrace.gate.rules.ComponentFact;
import io.serialtrace.gate.rules.ComponentState;
import io.serialtrace.gate.rules.UnitScenario;
import io.serialtrace.gate.topics.AvroBinarySerdeFactory;
import io.serialtrace.gate.topics.Topic;
import io.serialtrace.gate.topics.Topics;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GenealogyEdge;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.RecordCheckpoint;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.UnitCompleted;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.Violation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A TopologyTestDriver around the gate topology as shipped (RocksDB stores), with typed topics from
 * the {@link Topics} registry. Wall-clock time starts at {@link UnitScenario#T0}; record timestamps
 * are the events' receivedTime, as ingest produces them.
 */
final class GateDriver implements AutoCloseable {

  private static final String APPLICATION_ID = "gate-test";

  final Topics topics = new Topics(new AvroBinarySerdeFactory());
  final TopologyTestDriver driver;
  final TestInputTopic<String, ProductionEvent> events;
  final TestInputTopic<String, Route> routes;
  final TestInputTopic<String, byte[]> rawEvents;
  final TestInputTopic<String, Violation> componentViolations;

  /** The component side's input, as the unit side writes it (key = component serial). */
  final TestInputTopic<String, ComponentFact> componentFacts;

  final TestOutputTopic<String, GateDecision> decisions;
  final TestOutputTopic<String, UnitRecord> records;
  final TestOutputTopic<String, Violation> violations;
  final TestOutputTopic<String, GenealogyEdge> genealogy;
  final TestOutputTopic<String, UnitCompleted> completed;
  final TestOutputTopic<String, RecordCheckpoint> checkpoints;
  final TestOutputTopic<byte[], byte[]> deadLetters;
  private Instant wallClock = UnitScenario.T0;

  GateDriver(Path stateDir, GateSettings settings) {
    Topology topology =
        GateTopology.build(new StreamsBuilder(), settings, new AvroBinarySerdeFactory());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.putAll(GateTopology.streamsConfig());
    driver = new TopologyTestDriver(topology, props, UnitScenario.T0);
    events = input(topics.productionEvents());
    routes = input(topics.routes());
    rawEvents =
        driver.createInputTopic(
            Topics.PRODUCTION_EVENTS, new StringSerializer(), new ByteArraySerializer());
    componentViolations = input(topics.componentViolations());
    componentFacts =
        driver.createInputTopic(
            APPLICATION_ID + "-" + Topics.COMPONENT_FACTS_REPARTITION + "-repartition",
            new StringSerializer(),
            new JsonSerde<>(ComponentFact.class).serializer());
    decisions = output(topics.gateDecisions());
    records = output(topics.unitRecords());
    violations = output(topics.violations());
    genealogy = output(topics.genealogy());
    completed = output(topics.unitsCompleted());
    checkpoints = output(topics.recordCheckpoints());
    deadLetters =
        driver.createOutputTopic(
            Topics.GATE_DLQ,
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer());
  }

  GateDriver(Path stateDir) {
    this(stateDir, TestSettings.defaults());
  }

  private <V> TestInputTopic<String, V> input(Topic<String, V> t) {
    return driver.createInputTopic(
        t.name(), t.keySerde().serializer(), t.valueSerde().serializer());
  }

  private <V> TestOutputTopic<String, V> output(Topic<String, V> t) {
    return driver.createOutputTopic(
        t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer());
  }

  void route(Route route) {
    routes.pipeInput(route.getProduct(), route, UnitScenario.T0);
  }

  /** Produces an event as ingest does: key = serial, timestamp = receivedTime. */
  void send(ProductionEvent event) {
    events.pipeInput(event.getSerial(), event, event.getReceivedTime());
  }

  void sendAll(List<ProductionEvent> all) {
    all.forEach(this::send);
  }

  /** Moves wall-clock time to {@code at} (never backwards), firing due punctuations. */
  void wallClockTo(Instant at) {
    if (at.isAfter(wallClock)) {
      driver.advanceWallClockTime(Duration.between(wallClock, at));
      wallClock = at;
    }
  }

  StoredUnits units() {
    return new StoredUnits(
        driver.getKeyValueStore(GateTopology.UNITS_STORE),
        driver.getKeyValueStore(GateTopology.ROUTE_REVISIONS_STORE));
  }

  KeyValueStore<String, Violation> notices() {
    return driver.getKeyValueStore(GateTopology.NOTICES_STORE);
  }

  KeyValueStore<String, ComponentState> components() {
    return driver.getKeyValueStore(GateTopology.COMPONENTS_STORE);
  }

  @Override
  public void close() {
    driver.close();
  }
}
