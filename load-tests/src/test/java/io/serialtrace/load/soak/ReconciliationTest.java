package io.serialtrace.load.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.load.EventLedger.Answer;
import io.serialtrace.load.EventLedger.Channel;
import io.serialtrace.load.soak.GateOutput.Decided;
import io.serialtrace.load.soak.Reconciliation.Check;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
  private static final String A = "00000000-0000-0000-0000-00000000000a";
  private static final String B = "00000000-0000-0000-0000-00000000000b";
  private static final String C = "00000000-0000-0000-0000-00000000000c";

  private static StoredRows rows(Map<String, Integer> perEvent) {
    return new StoredRows(perEvent, 0, Map.of(), Set.of());
  }

  private static Ledger sent() {
    Ledger ledger = new Ledger();
    ledger.answered(java.util.List.of(A, B), Channel.HTTP, new Answer(202, "", 1, false));
    ledger.answered(java.util.List.of(C), Channel.HTTP_WAITED, new Answer(422, "", 1, false));
    return ledger;
  }

  private static Map<String, Decided> decisions() {
    return Map.of(
        A, new Decided(A, "S-1", true, true),
        B, new Decided(B, "S-1", true, true),
        C, new Decided(C, "S-1", false, false));
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
            decisions(),
            Map.of(),
            0,
            rows(Map.of(A, 1, B, 1)),
            Set.of(),
            Set.of(),
            0);

    assertThat(r.balanced()).isTrue();
  }

  @Test
  void anAcceptedEventWithoutDecisionIsAnIngestToGateLoss() {
    Map<String, Decided> decided = new java.util.HashMap<>(decisions());
    decided.remove(B);
    Reconciliation r =
        Reconciliation.of(
            sent().entries(), decided, Map.of(), 0, rows(Map.of(A, 1)), Set.of(), Set.of(), 0);

    assertThat(r.balanced()).isFalse();
    assertThat(count(r, "accepted by ingest, no gate decision")).isEqualTo(1);
  }

  @Test
  void aMissingAndADuplicatedRowAreBothCounted() {
    Reconciliation r =
        Reconciliation.of(
            sent().entries(), decisions(), Map.of(), 0, rows(Map.of(A, 2)), Set.of(), Set.of(), 0);

    assertThat(count(r, "accepted with a record, no ClickHouse row")).isEqualTo(1);
    assertThat(count(r, "ClickHouse rows per eventId > 1")).isEqualTo(1);
  }

  @Test
  void aRowOfARejectedEventIsCounted() {
    Reconciliation r =
        Reconciliation.of(
            sent().entries(),
            decisions(),
            Map.of(),
            0,
            rows(Map.of(A, 1, B, 1, C, 1)),
            Set.of(),
            Set.of(),
            0);

    assertThat(count(r, "ClickHouse row without an accepted decision")).isEqualTo(1);
  }

  @Test
  void aRetriedEventThatWasNeverAnsweredMayBeDecidedOnce() {
    Ledger ledger = new Ledger();
    ledger.answered(java.util.List.of(A), Channel.HTTP, new Answer(Ledger.NO_ANSWER, "", 5, true));
    Reconciliation r =
        Reconciliation.of(
            ledger.entries(),
            Map.of(A, new Decided(A, "S-1", true, true)),
            Map.of(),
            0,
            rows(Map.of(A, 1)),
            Set.of(),
            Set.of(),
            0);

    assertThat(r.balanced()).isTrue();
  }

  @Test
  void aViolationTheSinkDidNotStoreAndACompletionMissingInClickHouseAreCounted() {
    StoredRows stored = new StoredRows(Map.of(A, 1, B, 1), 0, Map.of("v1", "OPEN"), Set.of());
    Reconciliation r =
        Reconciliation.of(
            sent().entries(),
            decisions(),
            Map.of(),
            0,
            stored,
            Set.of("v1/OPEN", "v1/DISPOSITIONED", "v2/OPEN"),
            Set.of("S-1"),
            1);

    assertThat(count(r, "violations on the topic, not in ClickHouse")).isEqualTo(1);
    assertThat(count(r, "violation status differs")).isEqualTo(1);
    assertThat(count(r, "completions on the topic, not COMPLETED")).isEqualTo(1);
  }
}
