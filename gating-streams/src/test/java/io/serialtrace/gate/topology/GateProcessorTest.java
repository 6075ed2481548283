package io.serialtrace.gate.topology;

import static io.serialtrace.gate.rules.TestEvents.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.gate.rules.UnitScenario;
import io.serialtrace.gate.rules.UnitStateSerde;
import io.serialtrace.gate.topics.AvroBinarySerdeFactory;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateProcessorTest {

  @TempDir Path stateDir;
  private MockProcessorContext<String, GateOutput> context;
  private GateProcessor processor;
  private final List<KeyValueStore<?, ?>> stores = new java.util.ArrayList<>();

  @BeforeEach
  void init() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "gate-processor-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile());
    AvroBinarySerdeFactory serdes = new AvroBinarySerdeFactory();
    store(GateTopology.UNITS_STORE, Serdes.String(), new UnitStateSerde());
    store(GateTopology.DECISIONS_STORE, Serdes.String(), serdes.avro(GateDecision.class, false));
    store(GateTopology.DECISION_EXPIRY_STORE, Serdes.Bytes(), Serdes.String());
    store(GateTopology.DUE_INDEX_STORE, Serdes.Bytes(), Serdes.String());
    store(GateTopology.NOTICES_STORE, Serdes.String(), serdes.avro(Violation.class, false));
    store(GateTopology.NOTICE_EXPIRY_STORE, Serdes.Bytes(), Serdes.String());
    KeyValueStore<String, Route> routes =
        store(GateTopology.ROUTES_STORE, Serdes.String(), serdes.avro(Route.class, false));
    routes.put(TestRoutes.PRODUCT, TestRoutes.sixStepRoute());
    processor = new GateProcessor(TestSettings.defaults());
    processor.init(context);
  }

  @AfterEach
  void close() {
    stores.forEach(KeyValueStore::close);
  }

  private <K, V> KeyValueStore<K, V> store(String name, Serde<K> keys, Serde<V> values) {
    KeyValueStore<K, V> store =
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    stores.add(store);
    return store;
  }

  private void process(List<ProductionEvent> events) {
    for (ProductionEvent e : events) {
      processor.process(new Record<>(e.getSerial(), e, e.getReceivedTime().toEpochMilli()));
    }
  }

  @Test
  void schedulesOneWallClockPunctuationAtTheConfiguredInterval() {
    List<CapturedPunctuator> scheduled = context.scheduledPunctuators();

    assertThat(scheduled).hasSize(1);
    assertThat(scheduled.get(0).getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
    assertThat(scheduled.get(0).getInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void firingThePunctuationPastAStepsDueTimeRaisesStepOverdueOnce() {
    // 1. A unit with S10 open.
    UnitScenario s = new UnitScenario("SN-MOCK").openStep("S10");
    process(s.decided);
    Instant opened = s.unit().openStep().orElseThrow().startedAt();
    context.resetForwards();
    CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);

    // 2. Fired before the due time: nothing; after it: one STEP_OVERDUE; again: nothing.
    punctuator.getPunctuator().punctuate(opened.plus(Duration.ofMinutes(29)).toEpochMilli());
    assertThat(context.forwarded()).isEmpty();
    punctuator.getPunctuator().punctuate(opened.plus(Duration.ofMinutes(31)).toEpochMilli());
    assertThat(context.forwarded())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.record().key()).isEqualTo("SN-MOCK");
              assertThat(f.record().value())
                  .isInstanceOfSatisfying(
                      GateOutput.Raised.class,
                      r -> assertThat(r.value().getCode()).isEqualTo(ViolationCode.STEP_OVERDUE));
            });
    context.resetForwards();
    punctuator.getPunctuator().punctuate(opened.plus(Duration.ofMinutes(45)).toEpochMilli());
    assertThat(context.forwarded()).isEmpty();
  }

  @Test
  void aStepStartedWithoutAStartedUnitIsRefusedAsUnknownUnit() {
    UnitScenario s = new UnitScenario("SN-NONE");

    process(List.of(s.now(stepStarted("S10"))));

    assertThat(context.forwarded())
        .extracting(f -> f.record().value().getClass().getSimpleName())
        .containsExactly("Decision", "Raised");
  }
}
