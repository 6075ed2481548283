package io.serialtrace.gate.topology;

import java.time.Duration;

/**
 * A plain {@link GateSettings}, as the topology tests build it. Settings the topology does not read
 * (topic creation, RocksDB budget, queries) answer their declared defaults.
 */
public record TestSettings(
    Duration dedupRetention,
    Duration closedUnitRetention,
    Duration noticeRetention,
    Duration punctuationInterval,
    Duration clockSkewTolerance,
    String registryUrl,
    boolean registryAutoRegister)
    implements GateSettings {

  public static TestSettings defaults() {
    return new TestSettings(
        Duration.ofDays(7),
        Duration.ofDays(30),
        Duration.ofDays(90),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        "http://unused",
        false);
  }

  /** Shorter than the declared default, so the tests' clocks read easily. */
  public static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

  @Override
  public Duration claimTimeout() {
    return CLAIM_TIMEOUT;
  }

  @Override
  public long rocksdbBlockCacheBytes() {
    return 64L << 20;
  }

  @Override
  public long rocksdbWriteBufferBytes() {
    return 16L << 20;
  }

  @Override
  public int queryAttempts() {
    return 5;
  }

  @Override
  public Duration queryRetryBackoff() {
    return Duration.ofMillis(200);
  }

  @Override
  public int standbyReplicas() {
    return 0;
  }
}
