package io.serialtrace.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of a simulator run, read by the progress line and the final summary. */
final class SimStats {
  final LongAdder started = new LongAdder();
  final LongAdder completed = new LongAdder();

  /** Serials of the units whose last gate view said COMPLETED. */
  final java.util.Set<String> completedSerials = ConcurrentHashMap.newKeySet();

  final LongAdder onHold = new LongAdder();
  final LongAdder leftInWork = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder events = new LongAdder();
  final LongAdder mqttReadings = new LongAdder();
  final LongAdder waited = new LongAdder();
  final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
  final Map<String, LongAdder> violations = new ConcurrentHashMap<>();
  final Map<Fault, LongAdder> faults = new ConcurrentHashMap<>();

  /** The first few refusals that stopped a unit, with the gate's words, for the summary. */
  final java.util.Queue<String> stoppedBy = new java.util.concurrent.ConcurrentLinkedQueue<>();

  void stopped(String serial, String step, String messages) {
    if (stoppedBy.size() < 8) {
      stoppedBy.add(serial + " at " + step + ": " + messages);
    }
  }

  void refused(Iterable<String> reasons) {
    reasons.forEach(r -> refusals.computeIfAbsent(r, k -> new LongAdder()).increment());
  }

  void violation(String code) {
    violations.computeIfAbsent(code, k -> new LongAdder()).increment();
  }

  void fault(Fault fault) {
    faults.computeIfAbsent(fault, k -> new LongAdder()).increment();
  }

  String line(double seconds) {
    return String.format(
        "%5.0fs units started %d, completed %d, on hold %d, in work %d | events %d (mqtt %d) |"
            + " refused %s | violations %s",
        seconds,
        started.sum(),
        completed.sum(),
        onHold.sum(),
        started.sum() - completed.sum() - onHold.sum() - leftInWork.sum() - failed.sum(),
        events.sum(),
        mqttReadings.sum(),
        brief(refusals),
        brief(violations));
  }

  static <K> String brief(Map<K, LongAdder> counts) {
    if (counts.isEmpty()) {
      return "-";
    }
    StringBuilder text = new StringBuilder();
    new TreeMap<>(toLongs(counts))
        .forEach((k, v) -> text.append(text.isEmpty() ? "" : " ").append(k).append('=').append(v));
    return text.toString();
  }

  private static <K> Map<String, Long> toLongs(Map<K, LongAdder> counts) {
    Map<String, Long> result = new TreeMap<>();
    counts.forEach((k, v) -> result.put(k.toString(), v.sum()));
    return result;
  }
}
