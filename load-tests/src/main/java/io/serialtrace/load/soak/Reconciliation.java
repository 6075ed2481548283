package io.serialtrace.load.soak;

import io.serialtrace.load.EventLedger.Channel;
import io.serialtrace.load.soak.GateOutput.Decided;
import io.serialtrace.load.soak.GateOutput.Emission;
import io.serialtrace.load.soak.Ledger.Entry;
import io.serialtrace.load.soak.Ledger.Outcome;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The soak's accounting, pure: what the simulator sent (the {@link Ledger}) against what the gate
 * committed ({@link GateOutput}) against what the sink stored ({@link StoredRows}). Every check is
 * a count that must be zero, with the first few eventIds (or serials, violation ids) behind it.
 *
 * <p>Violations and completions keep arriving while the gate's clock raises STEP_OVERDUE on units
 * left in work, so the topic is compared with ClickHouse only up to the sink's committed offsets
 * ({@link Positions}, read before ClickHouse, which is read before the topics): what lies below
 * them must be in ClickHouse, what lies above is in flight and counted apart.
 */
record Reconciliation(List<Check> checks, List<Figure> figures) {
  private static final int EXAMPLES = 5;

  /** One line that must balance: how many are off, which (the first few), and where. */
  record Check(String name, long count, List<String> examples) {}

  /** One figure for the reader, not a check. */
  record Figure(String name, long value) {}

  /**
   * What the run must show about completed units.
   *
   * @param seenBySimulator serials of the units whose stations saw them COMPLETED
   * @param required the fewest completions on the topic that make the completion checks mean
   *     something ({@code --min-completed})
   */
  record Completions(Set<String> seenBySimulator, long required) {
    Completions {
      seenBySimulator = Set.copyOf(seenBySimulator);
    }
  }

  static Reconciliation of(
      Map<String, Entry> sent,
      GateOutput.View gate,
      StoredRows rows,
      Positions positions,
      Completions completions) {
    Map<String, Decided> decided = gate.firstDecisions();
    List<Check> checks = new ArrayList<>();
    Set<String> noDecision = new TreeSet<>();
    Set<String> refusedButDecided = new TreeSet<>();
    Set<String> answerContradicts = new TreeSet<>();
    Set<String> noRow = new TreeSet<>();
    long accepted = 0;
    long refused = 0;
    long uncertain = 0;
    long uncertainDecided = 0;
    Map<Channel, Long> perChannel = new HashMap<>();
    for (var e : sent.entrySet()) {
      String id = e.getKey();
      Entry entry = e.getValue();
      Decided decision = decided.get(id);
      perChannel.merge(entry.channel(), 1L, Long::sum);
      switch (entry.outcome()) {
        case ACCEPTED -> {
          accepted++;
          if (decision == null) {
            noDecision.add(id + " (" + entry.channel() + " " + entry.status() + ")");
          }
        }
        case REFUSED -> {
          refused++;
          if (decision != null) {
            refusedButDecided.add(id + " (" + entry.status() + ")");
          }
        }
        case UNCERTAIN -> {
          uncertain++;
          if (decision != null) {
            uncertainDecided++;
          }
        }
      }
      if (decision != null
          && entry.channel() == Channel.HTTP_WAITED
          && entry.outcome() == Outcome.ACCEPTED
          && entry.status() != 202
          && (entry.status() == 200) != decision.accepted()) {
        answerContradicts.add(id + " (answered " + entry.status() + ")");
      }
      if (decision != null
          && decision.accepted()
          && decision.hasRecord()
          && !rows.rowsPerEvent().containsKey(id)) {
        noRow.add(id + " (" + decision.serial() + ")");
      }
    }
    Set<String> unknownDecided = new TreeSet<>(decided.keySet());
    unknownDecided.removeAll(sent.keySet());
    Set<String> duplicatedRows = new TreeSet<>();
    Set<String> rowWithoutAcceptance = new TreeSet<>();
    rows.rowsPerEvent()
        .forEach(
            (id, n) -> {
              if (n > 1) {
                duplicatedRows.add(id + " x" + n);
              }
              Decided d = decided.get(id);
              if (d == null || !d.accepted() || !d.hasRecord()) {
                rowWithoutAcceptance.add(id);
              }
            });
    checks.add(check("accepted by ingest, no gate decision (lost ingest→gate)", noDecision));
    checks.add(
        check(
            "decided more than once (first decisions per eventId > 1)",
            gate.decidedTwice().entrySet().stream()
                .map(e -> e.getKey() + " x" + e.getValue())
                .toList()));
    checks.add(check("refused by ingest, yet decided", refusedButDecided));
    checks.add(check("decided, never sent by the simulator", unknownDecided));
    checks.add(check("waited answer contradicts the gate's decision", answerContradicts));
    checks.add(check("accepted with a record, no ClickHouse row (lost gate→sink)", noRow));
    checks.add(check("ClickHouse rows per eventId > 1 (duplicated)", duplicatedRows));
    checks.add(check("ClickHouse row without an accepted decision", rowWithoutAcceptance));
    checks.add(new Check("ClickHouse (serial, seq) written twice", rows.rowsPerSeq(), List.of()));
    checks.addAll(violations(gate.violations(), rows.violations(), positions));
    Set<String> completedOnTopic = new TreeSet<>();
    Set<String> completionsMissing = new TreeSet<>();
    long completionsInFlight = 0;
    for (Emission completion : gate.completions()) {
      completedOnTopic.add(completion.id());
      if (!positions.sinkConsumed(completion)) {
        completionsInFlight++;
      } else if (!rows.completed().contains(completion.id())) {
        completionsMissing.add(completion.id());
      }
    }
    Set<String> completionsExtra = new TreeSet<>(rows.completed());
    completionsExtra.removeAll(completedOnTopic);
    checks.add(
        check("completions the sink consumed, not COMPLETED in ClickHouse", completionsMissing));
    checks.add(check("COMPLETED in ClickHouse, no completion on the topic", completionsExtra));
    // A station told COMPLETED saw the gate's committed state: its completion must be on the topic.
    // The other way round is no error: a station may give up waiting before the gate answers.
    Set<String> seenNotOnTopic = new TreeSet<>(completions.seenBySimulator());
    seenNotOnTopic.removeAll(completedOnTopic);
    checks.add(
        check("units the stations saw COMPLETED, no completion on the topic", seenNotOnTopic));
    checks.add(
        new Check(
            "units completed short of the required "
                + completions.required()
                + " (--min-completed)",
            Math.max(0, completions.required() - completedOnTopic.size()),
            List.of()));
    List<Figure> figures =
        List.of(
            new Figure("events sent (distinct eventIds)", sent.size()),
            new Figure("  over HTTP (batches)", perChannel.getOrDefault(Channel.HTTP, 0L)),
            new Figure("  over HTTP, waited", perChannel.getOrDefault(Channel.HTTP_WAITED, 0L)),
            new Figure("  over MQTT (QoS 1)", perChannel.getOrDefault(Channel.MQTT, 0L)),
            new Figure("accepted by ingest (MQTT: by the broker)", accepted),
            new Figure("refused by ingest (4xx)", refused),
            new Figure("uncertain (no definite answer in the retry bound)", uncertain),
            new Figure("  of which decided once", uncertainDecided),
            new Figure("gate decisions (first, distinct eventIds)", decided.size()),
            new Figure("  ACCEPTED", decided.values().stream().filter(Decided::accepted).count()),
            new Figure("  redelivered decisions (same eventId again)", gate.redelivered()),
            new Figure(
                "ClickHouse unit_records rows",
                rows.rowsPerEvent().values().stream().mapToLong(Integer::longValue).sum()),
            new Figure(
                "violations on the topic (distinct ids)",
                gate.violations().stream().map(Emission::id).distinct().count()),
            new Figure("  in ClickHouse", rows.violations().size()),
            new Figure(
                "  emissions the sink has not consumed yet (not checked)",
                gate.violations().stream().filter(v -> !positions.sinkConsumed(v)).count()),
            new Figure("completed units (topic)", completedOnTopic.size()),
            new Figure(
                "  not seen COMPLETED by their stations (gave up waiting)",
                completedOnTopic.stream()
                    .filter(serial -> !completions.seenBySimulator().contains(serial))
                    .count()),
            new Figure("  completions the sink has not consumed yet", completionsInFlight),
            new Figure(
                "gate: events not yet decided (its committed offsets)", positions.gateBehind()),
            new Figure(
                "sink: records not yet stored (its committed offsets)",
                positions.sinkBehind(gate.lastSinkInput())));
    return new Reconciliation(List.copyOf(checks), figures);
  }

  /**
   * Latest status per violationId (an end overrides OPEN) against ClickHouse: an id is checked once
   * the sink has consumed one of its emissions; ClickHouse must then hold the latest status of the
   * consumed ones, or of all (the sink may have stored more since its offsets were read).
   */
  private static List<Check> violations(
      List<Emission> emissions, Map<String, String> stored, Positions positions) {
    Map<String, String> latestConsumed = new HashMap<>();
    Map<String, String> latest = new HashMap<>();
    for (Emission emission : emissions) {
      latest.merge(emission.id(), emission.status(), Reconciliation::later);
      if (positions.sinkConsumed(emission)) {
        latestConsumed.merge(emission.id(), emission.status(), Reconciliation::later);
      }
    }
    Set<String> missing = new TreeSet<>();
    Set<String> differs = new TreeSet<>();
    latestConsumed.forEach(
        (id, status) -> {
          String row = stored.get(id);
          if (row == null) {
            missing.add(id + " " + status);
          } else if (!row.equals(status) && !row.equals(latest.get(id))) {
            differs.add(id + " topic " + status + ", ClickHouse " + row);
          }
        });
    Set<String> extra = new TreeSet<>(stored.keySet());
    extra.removeAll(latest.keySet());
    return List.of(
        check("violations the sink consumed, not in ClickHouse", missing),
        check("violations in ClickHouse, not on the topic", extra),
        check("violation status differs (topic vs ClickHouse)", differs));
  }

  private static String later(String a, String b) {
    return a.equals("OPEN") ? b : a;
  }

  private static Check check(String name, java.util.Collection<String> offending) {
    return new Check(name, offending.size(), offending.stream().limit(EXAMPLES).toList());
  }

  boolean balanced() {
    return checks.stream().allMatch(c -> c.count() == 0);
  }

  /** The checks still off, summed: the drain's progress figure. */
  long outstanding() {
    return checks.stream().mapToLong(Check::count).sum();
  }

  /** The checks that are off, each as "name: count". */
  List<String> offChecks() {
    return checks.stream()
        .filter(c -> c.count() > 0)
        .map(c -> c.name() + ": " + c.count())
        .toList();
  }

  void print(PrintStream out) {
    out.printf("%-62s %8s%n", "figure", "count");
    figures.forEach(f -> out.printf("%-62s %8d%n", f.name(), f.value()));
    out.println();
    out.printf("%-62s %8s  %s%n", "check (must be 0)", "count", "first eventIds / serials");
    for (Check c : checks) {
      out.printf(
          "%-62s %8d  %s%n",
          c.name(), c.count(), c.examples().isEmpty() ? "" : String.join(", ", c.examples()));
    }
    out.println(balanced() ? "BALANCED: every line is zero" : "NOT BALANCED");
  }
}
