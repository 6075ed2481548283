package io.serialtrace.gate.topology;

import static io.serialtrace.gate.rules.TestEvents.scanLot;
import static io.serialtrace.gate.rules.TestEvents.scanSerial;
import static io.serialtrace.gate.rules.TestEvents.stepCompleted;
import static io.serialtrace.gate.rules.TestEvents.stepStarted;
import static io.serialtrace.gate.topology.ClaimTable.decidedAsTheTableSays;
import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.ComponentFact;
import io.serialtrace.gate.rules.TestEvents;
import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.gate.rules.UnitScenario;
import io.serialtrace.gate.rules.Verdict;
import io.serialtrace.schemas.ClaimOutcome;
import io.serialtrace.schemas.ComponentClaimAnswer;
import io.serialtrace.schemas.ComponentScanned;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.RecordCheckpoint;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.anchor.Checkpoints;
import io.serialtrace.schemas.anchor.KeyRing;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateProcessorTest {

  @TempDir Path stateDir;
  private MockProcessorContext<String, GateOutput> context;
  private GateProcessor processor;
  private ProcessorStores stores;

  @BeforeEach
  void init() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "gate-processor-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile());
    context.setCurrentSystemTimeMs(UnitScenario.T0.toEpochMilli());
    stores = new ProcessorStores(context, TestRoutes.sixStepRoute());
    processor =
        new GateProcessor(
            TestSettings.defaults(), CheckpointSigner.load(TestSettings.defaults().checkpoint()));
    processor.init(context);
  }

  @AfterEach
  void close() {
    stores.close();
  }

  private void process(List<ProductionEvent> events) {
    events.forEach(this::process);
  }

  private void process(ProductionEvent e) {
    processor.process(
        new Record<>(e.getSerial(), new GateInput.Event(e), e.getReceivedTime().toEpochMilli()));
  }

  /** The component side's answer to the claim of installation {@code install}. */
  private void answer(ProductionEvent install, ClaimOutcome outcome) {
    String component = ((ComponentScanned) install.getPayload()).getComponentSerial();
    ComponentClaimAnswer answer =
        ComponentClaimAnswer.newBuilder()
            .setUnitSerial(install.getSerial())
            .setComponentSerial(component)
            .setEventId(install.getEventId())
            .setOutcome(outcome)
            .setAnsweredAt(install.getReceivedTime())
            .build();
    processor.process(
        new Record<>(
            install.getSerial(),
            new GateInput.ClaimAnswered(answer),
            install.getReceivedTime().toEpochMilli()));
  }

  /** The decisions forwarded since the last reset, in order. */
  private List<GateDecision> decisionsForwarded() {
    return context.forwarded().stream()
        .map(f -> f.record().value())
        .filter(GateOutput.Decision.class::isInstance)
        .map(v -> ((GateOutput.Decision) v).value())
        .toList();
  }

  /** The facts for the component side forwarded since the last reset, in order. */
  private List<ComponentFact> factsForwarded() {
    return context.forwarded().stream()
        .map(f -> f.record().value())
        .filter(GateOutput.Fact.class::isInstance)
        .map(v -> ((GateOutput.Fact) v).value())
        .toList();
  }

  private static List<GateDecision> decisions(List<Verdict> verdicts) {
    return verdicts.stream().map(Verdict::decision).toList();
  }

  /** A unit (as the rules see it) whose installation waits, with the events parked behind it. */
  private record Parked(UnitScenario unit, ProductionEvent install, List<ProductionEvent> behind) {}

  /**
   * {@code serial} with S10 open scans housing H-{serial} (E), then its screws and the completion
   * of S10 arrive: E waits for its claim, the other two behind it. Wall-clock time is the unit's
   * clock.
   */
  private Parked installWaitingForItsClaim(String serial) {
    UnitScenario s = new UnitScenario(serial).openStep("S10");
    process(s.decided);
    context.setCurrentSystemTimeMs(s.clock.toEpochMilli());
    context.resetForwards();
    ProductionEvent install = s.now(scanSerial("S10", "HOUSING", "H-" + serial));
    s.advance(Duration.ofMinutes(1));
    ProductionEvent screws = s.now(scanLot("S10", "SCREW", "LOT-SCREW", 4));
    s.advance(Duration.ofMinutes(1));
    ProductionEvent done = s.now(stepCompleted("S10"));

    process(install);
    assertThat(factsForwarded())
        .containsExactly(
            new ComponentFact.ClaimRequested(
                "H-" + serial,
                serial,
                TestEvents.PLANT,
                install.getStation(),
                install.getEventId()));
    process(screws);
    process(done);
    assertThat(decisionsForwarded()).as("nothing decided while the claim is open").isEmpty();
    context.resetForwards();
    return new Parked(s, install, List.of(screws, done));
  }

  @Test
  @StateMachineRow("C15")
  void eventsParkedBehindAClaimAreDecidedAfterItInOrderAsOfTheirArrival() {
    // 1. E waits for its claim; two events of the unit wait behind it.
    Parked parked = installWaitingForItsClaim("SN-C15");
    UnitScenario model = parked.unit();
    int from = model.verdicts.size();
    model.apply(parked.install());
    parked.behind().forEach(model::apply);

    // 2. The claim is granted.
    answer(parked.install(), ClaimOutcome.GRANTED);

    // 3. E, then the two others, decided exactly as without the wait.
    List<GateDecision> decided = decisionsForwarded();
    decidedAsTheTableSays("C15", decided.get(0));
    assertThat(decided)
        .containsExactlyElementsOf(decisions(model.verdicts.subList(from, model.verdicts.size())));
    assertThat(units().get("SN-C15").claimWait()).isEmpty();
    assertThat(units().get("SN-C15")).isEqualTo(model.unit());
  }

  @Test
  @StateMachineRow("C16")
  void anInstallationDeliveredAgainWhileItWaitsIsDecidedOnceAndItsDecisionRepeated() {
    // 1. E waits; E arrives again: no answer yet, no second claim.
    Parked parked = installWaitingForItsClaim("SN-C16");
    process(parked.install());
    assertThat(context.forwarded()).isEmpty();

    // 2. The claim is granted.
    answer(parked.install(), ClaimOutcome.GRANTED);

    // 3. E decided once (one record for it), its decision repeated for the second delivery.
    List<GateDecision> forE =
        decisionsForwarded().stream()
            .filter(d -> d.getEventId().equals(parked.install().getEventId()))
            .toList();
    assertThat(forE).hasSize(2);
    decidedAsTheTableSays("C16", forE.get(0));
    assertThat(forE.get(0).getRedelivered()).isFalse();
    assertThat(forE.get(1))
        .isEqualTo(GateDecision.newBuilder(forE.get(0)).setRedelivered(true).build());
    assertThat(
            context.forwarded().stream()
                .map(f -> f.record().value())
                .filter(
                    v ->
                        v instanceof GateOutput.Record r
                            && r.value()
                                .getEvent()
                                .getEventId()
                                .equals(parked.install().getEventId())))
        .hasSize(1);
  }

  @Test
  @StateMachineRow("C13")
  void anInstallationWhoseClaimGoesUnansweredIsRefusedAtItsDeadlineThenTheParkedEventsAreDecided() {
    // 1. E waits for its claim; two events wait behind it. The model: the unit without E.
    Parked parked = installWaitingForItsClaim("SN-C13");
    UnitScenario model = parked.unit();
    int from = model.verdicts.size();
    parked.behind().forEach(model::apply);
    Instant waitingSince = Instant.ofEpochMilli(context.currentSystemTimeMs());
    CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);

    // 2. Just before the deadline: nothing. At it: E refused, then the others decided in order.
    punctuator
        .getPunctuator()
        .punctuate(waitingSince.plus(TestSettings.CLAIM_TIMEOUT).minusMillis(1).toEpochMilli());
    assertThat(decisionsForwarded()).isEmpty();
    punctuator
        .getPunctuator()
        .punctuate(waitingSince.plus(TestSettings.CLAIM_TIMEOUT).toEpochMilli());

    List<GateDecision> decided = decisionsForwarded();
    decidedAsTheTableSays("C13", decided.get(0));
    assertThat(decided.get(0).getEventId()).isEqualTo(parked.install().getEventId());
    assertThat(decided.subList(1, decided.size()))
        .containsExactlyElementsOf(decisions(model.verdicts.subList(from, model.verdicts.size())));
    // Not raised: it says nothing about the product.
    assertThat(context.forwarded())
        .noneMatch(
            f ->
                f.record().value() instanceof GateOutput.Raised r
                    && r.value().getCode() == ViolationCode.CLAIM_UNAVAILABLE);
    assertThat(units().get("SN-C13")).isEqualTo(model.unit());
  }

  @Test
  @StateMachineRow("C17")
  void aClaimPastItsDeadlineKeepsWaitingWhileTheComponentSideStillAnswers() {
    // 1. E waits; 9 s later the claim of another unit of this task is answered.
    Parked parked = installWaitingForItsClaim("SN-C17");
    Instant waitingSince = Instant.ofEpochMilli(context.currentSystemTimeMs());
    Parked other = installWaitingForItsClaim("SN-C17-OTHER");
    Instant heard = waitingSince.plusSeconds(9);
    context.setCurrentSystemTimeMs(heard.toEpochMilli());
    answer(other.install(), ClaimOutcome.GRANTED);
    context.resetForwards();
    CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);

    // 2. E's deadline passes: the component side answered 1 s ago, so E keeps waiting.
    punctuator
        .getPunctuator()
        .punctuate(waitingSince.plus(TestSettings.CLAIM_TIMEOUT).toEpochMilli());
    assertThat(decisionsForwarded()).isEmpty();
    assertThat(units().get("SN-C17").claimWait()).isPresent();

    // 3. Quiet for the timeout since that answer: E refused.
    punctuator.getPunctuator().punctuate(heard.plus(TestSettings.CLAIM_TIMEOUT).toEpochMilli());
    assertThat(decisionsForwarded())
        .first()
        .satisfies(
            d -> {
              assertThat(d.getEventId()).isEqualTo(parked.install().getEventId());
              assertThat(d.getReasons()).containsExactly(ViolationCode.CLAIM_UNAVAILABLE);
            });
  }

  @Test
  @StateMachineRow("C14")
  void aClaimGrantedAfterItsInstallationWasRefusedIsWithdrawn() {
    // 1. E refused CLAIM_UNAVAILABLE at its deadline.
    Parked parked = installWaitingForItsClaim("SN-C14");
    context
        .scheduledPunctuators()
        .get(0)
        .getPunctuator()
        .punctuate(
            Instant.ofEpochMilli(context.currentSystemTimeMs())
                .plus(TestSettings.CLAIM_TIMEOUT)
                .toEpochMilli());
    var afterRefusal = units().get("SN-C14");
    context.resetForwards();

    // 2. The grant arrives late.
    answer(parked.install(), ClaimOutcome.GRANTED);

    // 3. No decision, no state change; the claim is withdrawn for exactly that installation.
    assertThat(decisionsForwarded()).isEmpty();
    assertThat(units().get("SN-C14")).isEqualTo(afterRefusal);
    assertThat(factsForwarded())
        .containsExactly(
            new ComponentFact.ClaimWithdrawn("H-SN-C14", "SN-C14", parked.install().getEventId()));
  }

  private StoredUnits units() {
    return new StoredUnits(
        context.getStateStore(GateTopology.UNITS_STORE),
        context.getStateStore(GateTopology.ROUTE_REVISIONS_STORE));
  }

  @Test
  void schedulesTheClockAndTheCheckpointAsWallClockPunctuationsAtTheirIntervals() {
    List<CapturedPunctuator> scheduled = context.scheduledPunctuators();

    assertThat(scheduled).hasSize(2);
    assertThat(scheduled).allMatch(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME);
    assertThat(scheduled.get(0).getInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(scheduled.get(1).getInterval()).isEqualTo(TestSettings.CHECKPOINT_INTERVAL);
  }

  @Test
  void theCheckpointSignsEveryRecordAppendedSinceTheLastOneAndChainsToIt() {
    KeyRing ring =
        new KeyRing(
            Map.of(TestSettings.CHECKPOINT_KEY_ID, TestSettings.CHECKPOINT_KEY.getPublic()));
    CapturedPunctuator checkpointer = context.scheduledPunctuators().get(1);

    // 1. two units append records; the checkpoint fires
    UnitScenario a = new UnitScenario("SN-A").openStep("S10");
    UnitScenario b = new UnitScenario("SN-B").start();
    process(a.decided);
    process(b.decided);
    List<UnitRecord> appended = forwardedRecords();
    context.resetForwards();
    checkpointer.getPunctuator().punctuate(UnitScenario.T0.plusSeconds(10).toEpochMilli());

    // 2. one checkpoint, keyed by its id, holding every appended record, signed and verifiable
    List<RecordCheckpoint> first = forwardedCheckpoints();
    assertThat(first).hasSize(1);
    RecordCheckpoint one = first.getFirst();
    assertThat(one.getCheckpointId()).isEqualTo("p0-1");
    assertThat(context.forwarded().getFirst().record().key()).isEqualTo("p0-1");
    assertThat(one.getLeaves())
        .extracting(l -> l.getSerial() + "#" + l.getSeq() + "#" + l.getRecordHash())
        .containsExactlyInAnyOrderElementsOf(
            appended.stream()
                .map(r -> r.getSerial() + "#" + r.getSeq() + "#" + r.getRecordHash())
                .toList());
    assertThat(Checkpoints.verifies(one, ring)).isTrue();

    // 3. nothing appended: no checkpoint
    context.resetForwards();
    checkpointer.getPunctuator().punctuate(UnitScenario.T0.plusSeconds(20).toEpochMilli());
    assertThat(forwardedCheckpoints()).isEmpty();

    // 4. one more record: the next checkpoint holds only it and chains to the first
    process(new UnitScenario("SN-C").start().decided);
    context.resetForwards();
    checkpointer.getPunctuator().punctuate(UnitScenario.T0.plusSeconds(30).toEpochMilli());
    RecordCheckpoint two = forwardedCheckpoints().getFirst();
    assertThat(two.getSequence()).isEqualTo(2);
    assertThat(two.getPreviousRoot()).isEqualTo(one.getRoot());
    // its interval starts at the previous checkpoint: the empty firing made none
    assertThat(two.getIntervalStart()).isEqualTo(one.getIntervalEnd());
    assertThat(two.getLeaves()).extracting(l -> l.getSerial()).containsExactly("SN-C");
    assertThat(Checkpoints.verifies(two, ring)).isTrue();
  }

  @Test
  void withCheckpointsOffNothingIsRememberedScheduledOrSigned() {
    // 1. The defaults with gate.checkpoint.enabled=false (the bench's comparison gate).
    GateSettings.Checkpoint on = TestSettings.defaults().checkpoint();
    GateSettings.Checkpoint off =
        (GateSettings.Checkpoint)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {GateSettings.Checkpoint.class},
                (proxy, method, args) ->
                    method.getName().equals("enabled") ? false : method.invoke(on, args));
    GateSettings settings =
        (GateSettings)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {GateSettings.class},
                (proxy, method, args) ->
                    method.getName().equals("checkpoint")
                        ? off
                        : method.invoke(TestSettings.defaults(), args));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "gate-processor-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234");
    MockProcessorContext<String, GateOutput> quiet =
        new MockProcessorContext<>(props, new TaskId(0, 1), stateDir.toFile());
    quiet.setCurrentSystemTimeMs(UnitScenario.T0.toEpochMilli());
    stores.addTo(quiet);
    GateProcessor unanchored = new GateProcessor(settings, CheckpointSigner.load(on));
    unanchored.init(quiet);

    // 2. Only the clock punctuation; records are appended, nothing is remembered for a checkpoint.
    assertThat(quiet.scheduledPunctuators()).hasSize(1);
    new UnitScenario("SN-OFF")
        .start()
        .decided
        .forEach(
            e ->
                unanchored.process(
                    new Record<>(
                        e.getSerial(),
                        new GateInput.Event(e),
                        e.getReceivedTime().toEpochMilli())));
    assertThat(quiet.forwarded()).anyMatch(f -> f.record().value() instanceof GateOutput.Record);
    KeyValueStore<String, RecordAnchor.Pending> remembered =
        quiet.getStateStore(GateTopology.ANCHOR_PENDING_STORE);
    try (var pending = remembered.all()) {
      assertThat(pending.hasNext()).isFalse();
    }
  }

  private List<UnitRecord> forwardedRecords() {
    return context.forwarded().stream()
        .map(f -> f.record().value())
        .filter(GateOutput.Record.class::isInstance)
        .map(v -> ((GateOutput.Record) v).value())
        .toList();
  }

  private List<RecordCheckpoint> forwardedCheckpoints() {
    return context.forwarded().stream()
        .map(f -> f.record().value())
        .filter(GateOutput.Checkpoint.class::isInstance)
        .map(v -> ((GateOutput.Checkpoint) v).value())
        .toList();
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
