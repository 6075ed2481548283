package io.serialtrace.load.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.load.EventLedger.Answer;
import io.serialtrace.load.EventLedger.Channel;
import io.serialtrace.load.soak.GateOutput.Decided;
import io.serialtrace.load.soak.GateOutput.Emission;
import io.serialtrace.load.soak.Reconciliation.Check;
import io.serialtrace.load.soak.Reconciliation.Completions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
  private static final String A = "00000000-0000-0000-0000-00000000000a";
  private static final String B = "00000000-0000-0000-0000-00000000000b";
  private static final String C = "00000000-0000-0000-0000-00000000000c";
  private static final TopicPartition VIOLATIONS = new TopicPartition("trace.violations.v1", 0);
  private static final TopicPartition COMPLETIONS =
      new TopicPartition("trace.units-completed.v1", 0);

  /** The sink has stored everything below these offsets. */
  private static final Positions SINK_AT_10 =
      new Positions(0, Map.of(VIOLATIONS, 10L, COMPLETIONS, 10L));

  private static final Completions NONE_REQUIRED = new Completions(Set.of(), 0);

  private static StoredRows rows(Map<String, Integer> perEvent) {
    return new StoredRows(perEvent, 0, Map.of(), Set.of());
  }

  private static Ledger sent() {
    Ledger ledger = new Ledger();
    ledger.answered(List.of(A, B), Channel.HTTP, new Answer(202, "", 1, false));
    ledger.answered(List.of(C), Channel.HTTP_WAITED, new Answer(422, "", 1, false));
    return ledger;
  }

  private static Map<String, Decided> decisions() {
    return Map.of(
        A, new Decided(A, "S-1", true, true),
        B, new Decided(B, "S-1", true, true),
        C, new Decided(C, "S-1", false, false));
  }

  private static GateOutput.View gate(Map<String, Decided> decided) {
    return gate(decided, List.of(), List.of());
  }

  private static GateOutput.View gate(
      Map<String, Decided> decided, List<Emission> violations, List<Emission> completions) {
    return new GateOutput.View(decided, Map.of(), 0, violations, completions, Map.of());
  }

  private static Emission violation(String id, String status, long offset) {
    return new Emission(id, status, VIOLATIONS, offset);
  }

  private static Emission completion(String serial, long offset) {
    return new Emission(serial, "COMPLETED", COMPLETIONS, offset);
  }

  private static long count(Reconciliation r, String prefix) {
    return r.checks().stream()
        .filter(c -> c.name().startsWith(prefix))
        .mapToLong(Check::count)
        .sum();
  }

  @Test
  void everyAcceptedEventDecidedOnceAndStoredOnceBalances() {
    Reconciliation r =
        Reconciliation.of(
            sent().entries(),
            gate(decisions()),
            rows(Map.of(A, 1, B, 1)),
            SINK_AT_10,
            NONE_REQUIRED);

    assertThat(r.balanced()).isTrue();
  }

  @Test
  void anAcceptedEventWithoutDecisionIsAnIngestToGateLoss() {
    Map<String, Decided> decided = new java.util.HashMap<>(decisions());
    decided.remove(B);
    Reconciliation r =
        Reconciliation.of(
            sent().entries(), gate(decided), rows(Map.of(A, 1)), SINK_AT_10, NONE_REQUIRED);

    assertThat(r.balanced()).isFalse();
    assertThat(count(r, "accepted by ingest, no gate decision")).isEqualTo(1);
  }

  @Test
  void aMissingAndADuplicatedRowAreBothCounted() {
    Reconciliation r =
        Reconciliation.of(
            sent().entries(), gate(decisions()), rows(Map.of(A, 2)), SINK_AT_10, NONE_REQUIRED);

    assertThat(count(r, "accepted with a record, no ClickHouse row")).isEqualTo(1);
    assertThat(count(r, "ClickHouse rows per eventId > 1")).isEqualTo(1);
  }

  @Test
  void aRowOfARejectedEventIsCounted() {
    Reconciliation r =
        Reconciliation.of(
            sent().entries(),
            gate(decisions()),
            rows(Map.of(A, 1, B, 1, C, 1)),
            SINK_AT_10,
            NONE_REQUIRED);

    assertThat(count(r, "ClickHouse row without an accepted decision")).isEqualTo(1);
  }

  @Test
  void aRetriedEventThatWasNeverAnsweredMayBeDecidedOnce() {
    Ledger ledger = new Ledger();
    ledger.answered(List.of(A), Channel.HTTP, new Answer(Ledger.NO_ANSWER, "", 5, true));
    Reconciliation r =
        Reconciliation.of(
            ledger.entries(),
            gate(Map.of(A, new Decided(A, "S-1", true, true))),
            rows(Map.of(A, 1)),
            SINK_AT_10,
            NONE_REQUIRED);

    assertThat(r.balanced()).isTrue();
  }

  @Test
  void aConsumedViolationTheSinkDidNotStoreAndAStatusBehindTheTopicAreCounted() {
    StoredRows stored = new StoredRows(Map.of(A, 1, B, 1), 0, Map.of("v1", "OPEN"), Set.of());
    Reconciliation r =
        Reconciliation.of(
            sent().entries(),
            gate(
                decisions(),
                List.of(
                    violation("v1", "OPEN", 1),
                    violation("v1", "DISPOSITIONED", 5),
                    violation("v2", "OPEN", 7)),
                List.of()),
            stored,
            SINK_AT_10,
            NONE_REQUIRED);

    assertThat(count(r, "violations the sink consumed, not in ClickHouse")).isEqualTo(1);
    assertThat(count(r, "violation status differs")).isEqualTo(1);
  }

  @Test
  void aViolationAboveTheSinksCommittedOffsetIsInFlightNotMissing() {
    // Raised by the gate's clock after the sink's offsets were read: ClickHouse cannot have it yet.
    StoredRows stored = new StoredRows(Map.of(A, 1, B, 1), 0, Map.of("v1", "OPEN"), Set.of());
    Reconciliation r =
        Reconciliation.of(
            sent().entries(),
            gate(
                decisions(),
                List.of(
                    violation("v1", "OPEN", 3),
                    violation("v2", "OPEN", 10),
                    violation("v1", "DISPOSITIONED", 11)),
                List.of()),
            stored,
            SINK_AT_10,
            NONE_REQUIRED);

    assertThat(r.balanced()).isTrue();
    assertThat(r.figures())
        .contains(
            new Reconciliation.Figure(
                "  emissions the sink has not consumed yet (not checked)", 2));
  }

  @Test
  void aStatusTheSinkStoredAfterItsOffsetsWereReadIsNotADifference() {
    StoredRows stored =
        new StoredRows(Map.of(A, 1, B, 1), 0, Map.of("v1", "DISPOSITIONED"), Set.of());
    Reconciliation r =
        Reconciliation.of(
            sent().entries(),
            gate(
                decisions(),
                List.of(violation("v1", "OPEN", 3), violation("v1", "DISPOSITIONED", 12)),
                List.of()),
            stored,
            SINK_AT_10,
            NONE_REQUIRED);

    assertThat(count(r, "violation status differs")).isZero();
  }

  @Test
  void aViolationInClickHouseThatNoTopicRecordExplainsIsCounted() {
    StoredRows stored = new StoredRows(Map.of(A, 1, B, 1), 0, Map.of("v9", "OPEN"), Set.of());
    Reconciliation r =
        Reconciliation.of(sent().entries(), gate(decisions()), stored, SINK_AT_10, NONE_REQUIRED);

    assertThat(count(r, "violations in ClickHouse, not on the topic")).isEqualTo(1);
  }

  @Test
  void aConsumedCompletionMissingInClickHouseIsCountedAndOneInFlightIsNot() {
    StoredRows stored = new StoredRows(Map.of(A, 1, B, 1), 0, Map.of(), Set.of());
    Reconciliation r =
        Reconciliation.of(
            sent().entries(),
            gate(decisions(), List.of(), List.of(completion("S-1", 2), completion("S-2", 10))),
            stored,
            SINK_AT_10,
            new Completions(Set.of("S-1", "S-2"), 0));

    assertThat(count(r, "completions the sink consumed, not COMPLETED")).isEqualTo(1);
    assertThat(count(r, "units the stations saw COMPLETED")).isZero();
  }

  @Test
  void aUnitAStationSawCompletedWithoutACompletionOnTheTopicIsCountedButNotTheReverse() {
    StoredRows stored = new StoredRows(Map.of(A, 1, B, 1), 0, Map.of(), Set.of("S-1"));
    Reconciliation r =
        Reconciliation.of(
            sent().entries(),
            gate(decisions(), List.of(), List.of(completion("S-1", 2))),
            stored,
            SINK_AT_10,
            // S-9: told COMPLETED, never on the topic; S-1: on the topic, its station gave up.
            new Completions(Set.of("S-9"), 0));

    assertThat(r.checks())
        .filteredOn(c -> c.name().startsWith("units the stations saw COMPLETED"))
        .singleElement()
        .satisfies(c -> assertThat(c.examples()).containsExactly("S-9"));
    assertThat(r.figures())
        .contains(
            new Reconciliation.Figure(
                "  not seen COMPLETED by their stations (gave up waiting)", 1));
  }

  @Test
  void aRunWithFewerCompletedUnitsThanRequiredDoesNotBalance() {
    StoredRows stored = new StoredRows(Map.of(A, 1, B, 1), 0, Map.of(), Set.of("S-1"));
    Reconciliation r =
        Reconciliation.of(
            sent().entries(),
            gate(decisions(), List.of(), List.of(completion("S-1", 2))),
            stored,
            SINK_AT_10,
            new Completions(Set.of("S-1"), 3));

    assertThat(count(r, "units completed short of the required 3")).isEqualTo(2);
    assertThat(r.balanced()).isFalse();
  }
}
