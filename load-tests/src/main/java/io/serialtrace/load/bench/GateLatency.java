package io.serialtrace.load.bench;

import java.util.Map;

/**
 * One point of the latency curve: the gate's Kafka Streams settings that set its decision latency.
 *
 * @param commitIntervalMs {@code commit.interval.ms}: with exactly once, a decision is readable
 *     (read_committed) only after the transaction that wrote it commits
 * @param lingerMs the producer's {@code linger.ms}: how long a batch waits to fill before it is
 *     sent (a commit sends whatever waits)
 * @param pollMs {@code poll.ms}: how long the stream thread blocks in poll when no record comes,
 *     which also bounds how late an idle thread notices that a commit is due
 */
record GateLatency(int commitIntervalMs, int lingerMs, int pollMs) {

  /** The settings as {@code -D} properties of the gate (prefix {@code kafka-streams.}). */
  Map<String, String> properties() {
    return Map.of(
        "kafka-streams.commit.interval.ms", Integer.toString(commitIntervalMs),
        "kafka-streams.producer.linger.ms", Integer.toString(lingerMs),
        "kafka-streams.poll.ms", Integer.toString(pollMs));
  }

  @Override
  public String toString() {
    return "commit.interval.ms "
        + commitIntervalMs
        + ", linger.ms "
        + lingerMs
        + ", poll.ms "
        + pollMs;
  }
}
