package io.serialtrace.gate.topology;

import static io.serialtrace.gate.rules.TestEvents.measureByDevice;
import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.gate.rules.UnitScenario;
import io.serialtrace.gate.rules.UnitState;
import io.serialtrace.gate.rules.UnitStateSerde;
import io.serialtrace.gate.rules.Verdict;
import io.serialtrace.gate.topics.AvroBinarySerdeFactory;
import io.serialtrace.schemas.AnchorLeaf;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.UnitRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gate of this version started on the unit store an earlier gate wrote (restored from its
 * changelog, the same bytes): every unit, in the JSON form with its route copy, is kept, decides on
 * the revision it was pinned to even after a newer one was released, and is rewritten in the binary
 * form. The bytes are those the earlier serde wrote ({@code src/test/resources/unit-state-json},
 * generated from it before the binary form existed).
 */
class StateUpgradeTest {

  /** Unit states as the JSON serde of earlier gates wrote them, by serial. */
  private static final Map<String, String> LEGACY =
      Map.of(
          "SN-J1", "in-work-breach-deadline",
          "SN-J3", "released",
          "SN-J4", "scrapped",
          "SN-J5", "claim-wait");

  @TempDir Path stateDir;
  private MockProcessorContext<String, GateOutput> context;
  private ProcessorStores stores;
  private GateProcessor processor;

  @BeforeEach
  void init() throws IOException {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "gate-upgrade-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile());
    context.setCurrentSystemTimeMs(UnitScenario.T0.toEpochMilli());
    // What the earlier gate left in the store: its bytes, as they are.
    KeyValueStore<String, byte[]> written =
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(GateTopology.UNITS_STORE),
                Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    written.init(context.getStateStoreContext(), written);
    for (var e : LEGACY.entrySet()) {
      written.put(e.getKey(), legacyBytes(e.getValue()));
    }
    written.close();
  }

  /** This version's gate on that state directory. */
  private void startGate(Route latestReleased) {
    stores = new ProcessorStores(context, latestReleased);
    processor =
        new GateProcessor(
            TestSettings.defaults(), CheckpointSigner.load(TestSettings.defaults().checkpoint()));
    processor.init(context);
  }

  @AfterEach
  void close() {
    if (stores != null) { // the gate is started inside the test, which may fail before it
      stores.close();
    }
  }

  @Test
  void everyUnitAnEarlierGateStoredIsKeptAndAnOpenOneDecidesOnItsPinnedRevision() {
    // 1. Revision C of the product is released since: one step only. SN-J1 was pinned to B.
    Route c =
        Route.newBuilder(TestRoutes.sixStepRoute())
            .setRevision("C")
            .setSteps(List.of(TestRoutes.sixStepRoute().getSteps().get(0)))
            .build();
    startGate(c);
    UnitState legacy = read("in-work-breach-deadline");
    assertThat(legacy.routeRevision()).isEqualTo("B");

    // 2. Every unit reads back as the earlier gate left it, route copy included.
    for (var e : LEGACY.entrySet()) {
      assertThat(units().get(e.getKey())).as(e.getKey()).isEqualTo(read(e.getValue()));
    }

    // 3. SN-J1's next event (a passing re-measure of its torque breach at S20, a step revision C
    // does not have) is decided as the model decides it on revision B, chained to the old head.
    UnitScenario model = new UnitScenario("SN-J1").openStep("S20");
    model.accept(measureByDevice("S20", "torque-M4", 2.5, "Nm", model.calibrated()));
    assertThat(model.unit()).isEqualTo(legacy);
    ProductionEvent remeasure =
        model.now(measureByDevice("S20", "torque-M4", 2.0, "Nm", model.calibrated()));
    Verdict expected = model.apply(remeasure);
    assertThat(expected).isInstanceOf(Verdict.Accepted.class);
    processor.process(
        new Record<>(
            "SN-J1", new GateInput.Event(remeasure), remeasure.getReceivedTime().toEpochMilli()));

    assertThat(forwarded(GateOutput.Decision.class))
        .containsExactly(new GateOutput.Decision(expected.decision()));
    UnitRecord record = forwarded(GateOutput.Record.class).get(0).value();
    assertThat(record.getSeq()).isEqualTo(legacy.seq() + 1);
    assertThat(record.getPrevHash()).isEqualTo(legacy.headHash());

    // 4. Stored again in the binary form, without the route: revision B is now in the task's
    // route-revisions store, and the unit reads back equal to the model's.
    assertThat(units().stored("SN-J1").needsRoute()).isTrue();
    KeyValueStore<String, Route> revisions =
        context.getStateStore(GateTopology.ROUTE_REVISIONS_STORE);
    assertThat(revisions.get(RouteRevisions.key(TestRoutes.PRODUCT, "B")))
        .isEqualTo(legacy.route().orElseThrow());
    assertThat(units().get("SN-J1")).isEqualTo(model.unit());
  }

  @Test
  void anEventAnEarlierGateDecidedIsAnsweredWithItsFirstDecisionUntilItsRetentionPasses() {
    // 1. The earlier gate decided SN-J1's re-measure and kept that decision in its key-value dedup
    // store and its time index (the stores this version only reads).
    UnitScenario model = new UnitScenario("SN-J1").openStep("S20");
    model.accept(measureByDevice("S20", "torque-M4", 2.5, "Nm", model.calibrated()));
    ProductionEvent remeasure =
        model.now(measureByDevice("S20", "torque-M4", 2.0, "Nm", model.calibrated()));
    GateDecision first = model.apply(remeasure).decision();
    long timestamp = remeasure.getReceivedTime().toEpochMilli();
    String eventId = remeasure.getEventId().toString();
    Duration retention = TestSettings.defaults().dedupRetention();
    writeLegacy(
        GateTopology.DECISIONS_STORE,
        Serdes.String(),
        new AvroBinarySerdeFactory().avro(GateDecision.class, false),
        eventId,
        first);
    writeLegacy(
        GateTopology.DECISION_EXPIRY_STORE,
        Serdes.Bytes(),
        Serdes.String(),
        DueIndex.key(remeasure.getReceivedTime().plus(retention), eventId),
        eventId);
    startGate(TestRoutes.sixStepRoute());

    // 2. Redelivered to this gate: answered with that first decision, flagged, nothing appended.
    processor.process(new Record<>("SN-J1", new GateInput.Event(remeasure), timestamp));
    assertThat(forwarded(GateOutput.Decision.class))
        .containsExactly(
            new GateOutput.Decision(GateDecision.newBuilder(first).setRedelivered(true).build()));
    assertThat(forwarded(GateOutput.Record.class)).isEmpty();

    // 3. Once its retention has passed, the earlier gate's entry is forgotten as it would have
    // been.
    long later = remeasure.getReceivedTime().plus(retention).plusSeconds(1).toEpochMilli();
    context.setCurrentSystemTimeMs(later);
    processor.punctuate(later);
    KeyValueStore<String, GateDecision> legacy =
        context.getStateStore(GateTopology.DECISIONS_STORE);
    KeyValueStore<Bytes, String> legacyIndex =
        context.getStateStore(GateTopology.DECISION_EXPIRY_STORE);
    assertThat(legacy.get(eventId)).isNull();
    try (var left = legacyIndex.all()) {
      assertThat(left.hasNext()).isFalse();
    }
  }

  @Test
  void aRecordAnEarlierGateKeptForItsNextCheckpointIsSignedInThisGatesCheckpoint() {
    // 1. The earlier gate kept an appended record for its next checkpoint, one entry per record.
    String legacy =
        "{\"serial\":\"SN-J1\",\"seq\":3,\"recordHash\":\"ab12\","
            + "\"recordedAt\":\"2026-01-05T08:00:00Z\"}";
    writeLegacy(
        GateTopology.ANCHOR_PENDING_STORE,
        Serdes.String(),
        Serdes.ByteArray(),
        "SN-J1#3",
        legacy.getBytes(StandardCharsets.UTF_8));
    startGate(TestRoutes.sixStepRoute());

    // 2. This gate's checkpoint signs it and forgets it, in the same punctuation.
    processor.checkpoint(UnitScenario.T0.toEpochMilli());
    assertThat(forwarded(GateOutput.Checkpoint.class))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.value().getLeaves())
                    .containsExactly(new AnchorLeaf("SN-J1", 3L, "ab12")));
    KeyValueStore<String, RecordAnchor.Pending> pending =
        context.getStateStore(GateTopology.ANCHOR_PENDING_STORE);
    try (var left = pending.all()) {
      assertThat(left.hasNext()).isFalse();
    }
  }

  /** One entry written to a store the way an earlier gate left it, before this gate starts. */
  private <K, V> void writeLegacy(String name, Serde<K> keys, Serde<V> values, K key, V value) {
    KeyValueStore<K, V> store =
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    store.put(key, value);
    store.close();
  }

  private <T extends GateOutput> List<T> forwarded(Class<T> type) {
    return context.forwarded().stream()
        .map(f -> f.record().value())
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  private StoredUnits units() {
    return new StoredUnits(
        context.getStateStore(GateTopology.UNITS_STORE),
        context.getStateStore(GateTopology.ROUTE_REVISIONS_STORE));
  }

  private static UnitState read(String name) {
    try {
      return new UnitStateSerde().deserializer().deserialize("t", legacyBytes(name));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] legacyBytes(String name) throws IOException {
    try (InputStream in =
        StateUpgradeTest.class.getResourceAsStream("/unit-state-json/" + name + ".json")) {
      if (in == null) {
        throw new IOException("no test resource unit-state-json/" + name + ".json");
      }
      return in.readAllBytes();
    }
  }
}
