package io.serialtrace.gate.topology;

import java.time.Duration;

/** A plain {@link GateSettings}, as the topology tests build it. */
public record TestSettings(
    Duration dedupRetention,
    Duration closedUnitRetention,
    Duration punctuationInterval,
    Duration clockSkewTolerance,
    String registryUrl,
    boolean registryAutoRegister)
    implements GateSettings {

  public static TestSettings defaults() {
    return new TestSettings(
        Duration.ofDays(7),
        Duration.ofDays(30),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        "http://unused",
        false);
  }
}
