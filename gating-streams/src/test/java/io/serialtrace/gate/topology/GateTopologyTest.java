package io.serialtrace.gate.topology;

import static io.serialtrace.gate.rules.TestEvents.disposition;
import static io.serialtrace.gate.rules.TestEvents.removeSerial;
import static io.serialtrace.gate.rules.TestEvents.started;
import static io.serialtrace.gate.rules.TestEvents.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.StateMachineCases;
import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.gate.rules.UnitScenario;
import io.serialtrace.gate.rules.UnitState;
import io.serialtrace.gate.rules.UnitStatus;
import io.serialtrace.gate.rules.Verdict;
import io.serialtrace.gate.topics.Topics;
import io.serialtrace.schemas.CompletionStatus;
import io.serialtrace.schemas.DispositionDecision;
import io.serialtrace.schemas.EdgeType;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GateOutcome;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.UnitCompleted;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.ViolationStatus;
import io.serialtrace.schemas.anchor.Checkpoints;
import io.serialtrace.schemas.anchor.KeyRing;
import io.serialtrace.schemas.anchor.UnitAnchor;
import io.serialtrace.schemas.record.RecordHasher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateTopologyTest {

  @TempDir Path stateDir;
  private GateDriver gate;

  @BeforeEach
  void start() {
    gate = new GateDriver(stateDir);
    gate.route(TestRoutes.sixStepRoute());
  }

  @AfterEach
  void stop() {
    gate.close();
  }

  private static List<GateDecision> accepted(List<GateDecision> decisions) {
    return decisions.stream().filter(d -> d.getDecision() == GateOutcome.ACCEPTED).toList();
  }

  @Test
  void aUnitKeepsDecidingOnItsPinnedRevisionAfterANewerOneIsReleased() {
    // 1. SN-PIN starts on revision B and gets through its first events.
    UnitScenario pinned = new UnitScenario("SN-PIN").through("S60");
    int before = pinned.decided.size() / 3;
    gate.sendAll(pinned.decided.subList(0, before));

    // 2. Revision C is released: S10 only. SN-PIN's state names B; its route comes from the
    // gate's route revisions, not from the latest revision.
    Route c =
        Route.newBuilder(TestRoutes.sixStepRoute())
            .setRevision("C")
            .setSteps(List.of(TestRoutes.sixStepRoute().getSteps().get(0)))
            .build();
    gate.route(c);
    gate.sendAll(pinned.decided.subList(before, pinned.decided.size()));
    UnitScenario later = new UnitScenario("SN-ON-C", c).through("S10");
    gate.sendAll(later.decided);

    // 3. SN-PIN went through all six steps of B; a unit started after the release is on C.
    List<GateDecision> expected = new java.util.ArrayList<>();
    pinned.verdicts.forEach(v -> expected.add(v.decision()));
    later.verdicts.forEach(v -> expected.add(v.decision()));
    assertThat(gate.decisions.readValuesToList()).containsExactlyElementsOf(expected);
    assertThat(accepted(expected)).hasSize(expected.size());
    Map<String, List<String>> revisions =
        gate.records.readValuesToList().stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    UnitRecord::getSerial,
                    java.util.stream.Collectors.mapping(
                        UnitRecord::getRouteRevision, java.util.stream.Collectors.toList())));
    assertThat(revisions.get("SN-PIN")).hasSize(pinned.decided.size()).containsOnly("B");
    assertThat(revisions.get("SN-ON-C")).isNotEmpty().containsOnly("C");
    assertThat(gate.units().get("SN-PIN").status()).isEqualTo(UnitStatus.COMPLETED);
  }

  @Test
  void aUnitThroughAllSixStepsIsCompletedWithAVerifiableHashChain() {
    // 1. Arrange: the events of a clean unit, as the rules decide them.
    UnitScenario s = new UnitScenario("SN-FULL").through("S60");

    // 2. Produce them to the gate.
    gate.sendAll(s.decided);

    // 3. Every event accepted, exactly as the pure rules decided, one record each, chained.
    List<GateDecision> decisions = gate.decisions.readValuesToList();
    assertThat(decisions)
        .containsExactlyElementsOf(s.verdicts.stream().map(Verdict::decision).toList());
    assertThat(accepted(decisions)).hasSize(s.decided.size());
    List<UnitRecord> records = gate.records.readValuesToList();
    assertThat(records).hasSize(s.decided.size());
    assertThat(records).extracting(UnitRecord::getSeq).startsWith(1L, 2L, 3L);
    RecordHasher.Verification chain = RecordHasher.verify(records);
    String head = records.get(records.size() - 1).getRecordHash();
    assertThat(chain).isEqualTo(new RecordHasher.Verification.Intact(records.size(), head));
    for (UnitRecord r : records) {
      assertThat(r.getRecordHash()).isEqualTo(RecordHasher.recompute(r));
      assertThat(r.getRouteRevision()).isEqualTo("B");
    }
    List<UnitCompleted> completions = gate.completed.readValuesToList();
    assertThat(completions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo(CompletionStatus.COMPLETED);
              assertThat(c.getRecordHead()).isEqualTo(head);
              assertThat(c.getRecordCount()).isEqualTo(records.size());
            });
    assertThat(gate.violations.isEmpty()).isTrue();
    assertThat(gate.genealogy.readValuesToList())
        .extracting(e -> e.getEdgeType() + " " + e.getPart())
        .containsExactly("INSTALLED HOUSING", "INSTALLED SCREW");
  }

  @Test
  void everyAppendedRecordIsAnchoredInASignedCheckpointOnceTheWallClockIntervalPasses() {
    // 1. A clean unit's events; no checkpoint before the interval passes.
    UnitScenario s = new UnitScenario("SN-ANCHOR").through("S60");
    gate.sendAll(s.decided);
    List<UnitRecord> records = gate.records.readValuesToList();
    assertThat(gate.checkpoints.isEmpty()).isTrue();

    // 2. The checkpoint interval passes on the wall clock.
    gate.wallClockTo(UnitScenario.T0.plus(TestSettings.CHECKPOINT_INTERVAL));

    // 3. One checkpoint, keyed by its id, every record a leaf, verifiable with the public key;
    //    each record's inclusion proof leads to the signed root.
    var checkpoints = gate.checkpoints.readKeyValuesToList();
    assertThat(checkpoints)
        .singleElement()
        .satisfies(kv -> assertThat(kv.key).isEqualTo(kv.value.getCheckpointId()));
    var checkpoint = checkpoints.getFirst().value;
    KeyRing ring =
        new KeyRing(
            Map.of(TestSettings.CHECKPOINT_KEY_ID, TestSettings.CHECKPOINT_KEY.getPublic()));
    assertThat(Checkpoints.verifies(checkpoint, ring)).isTrue();
    assertThat(
            UnitAnchor.check(
                "SN-ANCHOR",
                records.stream()
                    .map(r -> new UnitAnchor.StoredHash(r.getSeq(), r.getRecordHash()))
                    .toList(),
                Checkpoints.proofsFor(checkpoint, "SN-ANCHOR"),
                ring))
        .isEqualTo(new UnitAnchor.Anchored(List.of(checkpoint.getCheckpointId())));
  }

  @Test
  void aRedeliveredEventGetsTheFirstDecisionAgainAndIsAppendedOnce() {
    UnitScenario s = new UnitScenario("SN-DUP").start();
    ProductionEvent start = s.decided.get(0);

    gate.send(start);
    gate.send(start);

    List<GateDecision> decisions = gate.decisions.readValuesToList();
    assertThat(decisions).hasSize(2);
    assertThat(decisions.get(0).getRedelivered()).isFalse();
    assertThat(decisions.get(1).getRedelivered()).isTrue();
    assertThat(GateDecision.newBuilder(decisions.get(1)).setRedelivered(false).build())
        .isEqualTo(decisions.get(0));
    assertThat(gate.records.readValuesToList()).hasSize(1);
    // Not DUPLICATE_SERIAL: the same event is not a reissued serial.
    assertThat(gate.violations.isEmpty()).isTrue();
  }

  @Test
  void anOverdueStepIsRaisedByWallClockTimeWithNoNewEventAndOnlyOnce() {
    // 1. S10 opens (max 30 min).
    UnitScenario s = new UnitScenario("SN-LATE").openStep("S10");
    gate.sendAll(s.decided);
    Instant opened = s.unit().openStep().orElseThrow().startedAt();

    // 2. 29 minutes pass: nothing.
    gate.wallClockTo(opened.plus(Duration.ofMinutes(29)));
    assertThat(gate.violations.isEmpty()).isTrue();

    // 3. 31 minutes: STEP_OVERDUE, without any event.
    gate.wallClockTo(opened.plus(Duration.ofMinutes(31)));
    List<Violation> raised = gate.violations.readValuesToList();
    assertThat(raised)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getCode()).isEqualTo(ViolationCode.STEP_OVERDUE);
              assertThat(v.getStepId()).isEqualTo("S10");
              assertThat(v.getEventId()).isNull();
              assertThat(v.getSerial()).isEqualTo("SN-LATE");
            });

    // 4. An hour later still only once; the deadline left the index.
    gate.wallClockTo(opened.plus(Duration.ofMinutes(90)));
    assertThat(gate.violations.isEmpty()).isTrue();
    assertThat(gate.units().get("SN-LATE").deadlines()).isEmpty();
    assertThat(gate.units().get("SN-LATE").openViolations()).hasSize(1);
  }

  @Test
  void aQueueTimeIsRaisedWhenTheNextStepHasNotStartedInTime() {
    UnitScenario s = new UnitScenario("SN-QUEUE").through("S40");
    gate.sendAll(s.decided);
    Instant done = s.unit().completedSteps().get(3).completedAt();

    gate.wallClockTo(done.plus(Duration.ofMinutes(31)));

    assertThat(gate.violations.readValuesToList())
        .extracting(Violation::getCode, Violation::getStepId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ViolationCode.QUEUE_TIME_EXCEEDED, "S50"));
  }

  @Test
  void aStepCompletedInTimeRaisesNothingWhenItsDueTimePasses() {
    UnitScenario s = new UnitScenario("SN-INTIME").through("S10");
    gate.sendAll(s.decided);

    gate.wallClockTo(UnitScenario.T0.plus(Duration.ofHours(2)));

    assertThat(gate.violations.isEmpty()).isTrue();
  }

  @Test
  void aUnitOnHoldIsReleasedByASignedDispositionOfItsLastOpenViolation() {
    // 1. A unit whose last step completes with a LATE_ENTRY open: HOLD.
    UnitScenario s = StateMachineCases.onHold(new UnitScenario("SN-HOLD"));
    UUID open = s.unit().openViolations().get(0).violationId();
    gate.sendAll(s.decided);
    assertThat(gate.completed.isEmpty()).isTrue();
    assertThat(gate.units().get("SN-HOLD").status()).isEqualTo(UnitStatus.HOLD);
    Violation raised = gate.violations.readValuesToList().get(0);
    assertThat(raised.getViolationId()).isEqualTo(open);

    // 2. The quality engineer dispositions it, signing the record head.
    gate.send(s.now(disposition(open, DispositionDecision.USE_AS_IS, s.unit().headHash())));

    // 3. The violation is re-emitted DISPOSITIONED and the unit is released.
    assertThat(gate.violations.readValuesToList())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getViolationId()).isEqualTo(open);
              assertThat(v.getStatus()).isEqualTo(ViolationStatus.DISPOSITIONED);
            });
    assertThat(gate.completed.readValuesToList())
        .extracting(UnitCompleted::getStatus)
        .containsExactly(CompletionStatus.RELEASED_AFTER_DISPOSITION);
    assertThat(gate.units().get("SN-HOLD").status()).isEqualTo(UnitStatus.COMPLETED);
  }

  @Test
  void aClosedUnitIsCompactedAfterRetentionAndStillRefusesAReissuedSerial() {
    UnitScenario s = new UnitScenario("SN-OLD").through("S60");
    gate.sendAll(s.decided);
    assertThat(gate.units().get("SN-OLD").isCompacted()).isFalse();

    gate.wallClockTo(s.clock.plus(Duration.ofDays(31)));

    UnitState kept = gate.units().get("SN-OLD");
    assertThat(kept.isCompacted()).isTrue();
    assertThat(kept.status()).isEqualTo(UnitStatus.COMPLETED);
    gate.decisions.readValuesToList();
    gate.send(s.now(started(TestRoutes.PRODUCT)));
    gate.send(s.now(stepStarted("S10")));
    assertThat(gate.decisions.readValuesToList())
        .extracting(d -> d.getReasons().get(0))
        .containsExactly(ViolationCode.DUPLICATE_SERIAL, ViolationCode.UNIT_CLOSED);
  }

  @Test
  void aRedeliveryAfterTheDedupRetentionIsDecidedAgain() {
    UnitScenario s = new UnitScenario("SN-RETRY").start();
    gate.send(s.decided.get(0));

    gate.wallClockTo(s.clock.plus(Duration.ofDays(8)));
    gate.send(s.decided.get(0));

    // The first decision is forgotten, so the replayed start meets the existing unit.
    assertThat(gate.decisions.readValuesToList())
        .extracting(GateDecision::getRedelivered, GateDecision::getReasons)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(false, List.of()),
            org.assertj.core.groups.Tuple.tuple(false, List.of(ViolationCode.DUPLICATE_SERIAL)));
  }

  @Test
  void anUndeserializableEventGoesToTheDeadLetterTopicAndTheNextEventIsStillDecided() {
    // 1. Garbage where an Avro ProductionEvent belongs.
    byte[] garbage = "{not avro at all".getBytes(StandardCharsets.UTF_8);
    gate.rawEvents.pipeInput("SN-BAD", garbage, UnitScenario.T0);

    // 2. It is in the DLQ with its raw bytes and the reason.
    TestRecord<byte[], byte[]> dead = gate.deadLetters.readRecord();
    assertThat(dead.value()).isEqualTo(garbage);
    assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("SN-BAD");
    assertThat(header(dead, "__streams.errors.exception")).contains("SerializationException");
    assertThat(header(dead, "__streams.errors.message")).contains("ProductionEvent");
    assertThat(header(dead, "__streams.errors.topic")).isEqualTo(Topics.PRODUCTION_EVENTS);
    assertThat(gate.decisions.isEmpty()).isTrue();

    // 3. The gate carries on.
    UnitScenario s = new UnitScenario("SN-GOOD").start();
    gate.sendAll(s.decided);
    assertThat(gate.decisions.readValuesToList())
        .extracting(GateDecision::getDecision)
        .containsExactly(GateOutcome.ACCEPTED);
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    assertThat(h).as("header %s", name).isNotNull();
    return new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void theTopologyDescriptionMatchesTheReviewedOne() throws Exception {
    String described =
        GateTopology.build(
                new StreamsBuilder(),
                TestSettings.defaults(),
                new io.serialtrace.gate.topics.AvroBinarySerdeFactory())
            .describe()
            .toString();
    Path reviewed = Path.of("src", "test", "resources", "topology.txt");
    if (System.getProperty("gate.topology.update") != null) {
      Files.writeString(reviewed, described); // -Dgate.topology.update rewrites it for review
    }
    assertThat(described).isEqualTo(Files.readString(reviewed));
  }

  @Test
  void removalEdgesNameTheStepTheComponentWasInstalledIn() {
    UnitScenario s = new UnitScenario("SN-RW").openStep("S20");
    String housing =
        s.unit().installed().stream()
            .filter(c -> c.part().equals("HOUSING"))
            .findFirst()
            .orElseThrow()
            .componentSerial()
            .orElseThrow();
    gate.sendAll(s.decided);
    gate.genealogy.readValuesToList();

    gate.send(s.now(removeSerial(housing)));

    assertThat(gate.genealogy.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getEdgeType()).isEqualTo(EdgeType.REMOVED);
              assertThat(e.getStepId()).isEqualTo("S10");
              assertThat(e.getChildSerial()).isEqualTo(housing);
            });
  }
}
