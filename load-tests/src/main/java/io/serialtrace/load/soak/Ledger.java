package io.serialtrace.load.soak;

import io.serialtrace.load.EventLedger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every eventId the simulator sent and what became of it at ingest (or, for a device reading, at
 * the broker): accepted, refused, or uncertain (no definite answer after an attempt that may have
 * stored it). An event sent more than once (a station's retry, a duplicate delivery) keeps its best
 * outcome: accepted over uncertain over refused, and a decision over a bare 202.
 */
final class Ledger implements EventLedger {
  /** What ingest (or the broker) made of an event. */
  enum Outcome {
    REFUSED,
    UNCERTAIN,
    ACCEPTED
  }

  record Entry(Channel channel, Outcome outcome, int status, String problem) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final LongAdder retriedSends = new LongAdder();

  @Override
  public void answered(List<String> eventIds, Channel channel, Answer answer) {
    Outcome outcome = outcome(channel, answer);
    if (answer.attempts() > 1) {
      retriedSends.add(answer.attempts() - 1L);
    }
    for (String id : eventIds) {
      entries.merge(
          id, new Entry(channel, outcome, answer.status(), answer.problem()), Ledger::better);
    }
  }

  /**
   * The better of two answers to one event: the higher outcome; between two acceptances of a waited
   * event, a decision (200/409/422) over a 202 that only said "stored, not decided yet".
   */
  private static Entry better(Entry old, Entry now) {
    int byOutcome = now.outcome().compareTo(old.outcome());
    if (byOutcome != 0) {
      return byOutcome > 0 ? now : old;
    }
    return old.status() == 202 && now.status() != 202 ? now : old;
  }

  static Outcome outcome(Channel channel, Answer answer) {
    int s = answer.status();
    boolean accepted =
        switch (channel) {
          case MQTT -> s == 200;
          case HTTP -> s == 202;
          // 503 claim-unavailable: stored and decided (REJECTED), scan again under a new id.
          case HTTP_WAITED ->
              s == 200
                  || s == 202
                  || s == 409
                  || s == 422
                  || (s == 503 && answer.problem().equals("claim-unavailable"));
        };
    if (accepted) {
      return Outcome.ACCEPTED;
    }
    return answer.uncertainBefore() || s == NO_ANSWER || s == 503
        ? Outcome.UNCERTAIN
        : Outcome.REFUSED;
  }

  Map<String, Entry> entries() {
    return Map.copyOf(entries);
  }

  long retriedSends() {
    return retriedSends.sum();
  }
}
