package io.serialtrace.load;

import java.util.List;

/**
 * Where a {@link StationClient} reports what became of every event it sent: the last answer, how
 * many attempts it took, and whether an earlier attempt ended without a definite answer (a 503, a
 * dropped connection, a timeout — the event may have been stored). The soak's reconciliation starts
 * from it; the demo and the benchmarks keep no ledger ({@link #NONE}).
 */
public interface EventLedger {
  /** How an event reached ingest. */
  enum Channel {
    /** {@code POST /v1/events}, a batch, answered 202 once Kafka has every event. */
    HTTP,
    /** {@code POST /v1/events} with {@code Prefer: wait}: answered with the gate's decision. */
    HTTP_WAITED,
    /** A device reading published with QoS 1: the answer is the broker's PUBACK. */
    MQTT
  }

  /**
   * The last answer to some events.
   *
   * @param status HTTP status, 200 for a PUBACK, or {@link #NO_ANSWER} when the sender gave up
   * @param problem the problem slug of a problem answer ({@code kafka-unavailable}), else empty
   * @param attempts sends it took, 1 when the first was answered
   * @param uncertainBefore an earlier attempt ended without a definite answer
   */
  record Answer(int status, String problem, int attempts, boolean uncertainBefore) {}

  /** The status of an answer that never came (the sender gave up retrying). */
  int NO_ANSWER = -1;

  void answered(List<String> eventIds, Channel channel, Answer answer);

  /** Keeps nothing. */
  EventLedger NONE = (eventIds, channel, answer) -> {};
}
