package io.serialtrace.gate.topology;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Every setting of the gate, prefix {@code gate}. Defaults are declared here and only here; tests
 * build the topology from a plain implementation of this interface.
 */
@ConfigMapping(prefix = "gate")
public interface GateSettings {

  /**
   * How long a decided eventId is remembered so a redelivery gets the first decision again. Must
   * exceed the longest time a producer may retry or replay an event (ingest retries, a station
   * re-sending after an outage).
   */
  @WithDefault("P7D")
  Duration dedupRetention();

  /**
   * How long a completed or scrapped unit keeps its full state before it is compacted to the small
   * form that still refuses a reissued serial (DUPLICATE_SERIAL) and late events (UNIT_CLOSED).
   */
  @WithDefault("P30D")
  Duration closedUnitRetention();

  /**
   * Wall-clock interval of the punctuator raising STEP_OVERDUE / QUEUE_TIME_EXCEEDED, purging
   * expired dedup entries and compacting closed units: the worst-case delay of a time-raised
   * violation.
   */
  @WithDefault("PT1S")
  Duration punctuationInterval();

  /**
   * How far an event's eventTime may lie after its receivedTime before CLOCK_SKEW is raised: the
   * source and ingest clocks are never exactly in step.
   */
  @WithDefault("PT5S")
  Duration clockSkewTolerance();

  /** Apicurio Registry API base URL (v3), used by the Avro serdes. */
  @WithDefault("http://localhost:8080/apis/registry/v3")
  String registryUrl();

  /**
   * Whether the serdes register the schema of what they write when it is not registered yet. Off
   * where schemas are registered by the release pipeline only.
   */
  @WithDefault("true")
  boolean registryAutoRegister();
}
