package io.serialtrace.sink.app;

import io.serialtrace.sink.SinkSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: UP only while the loop runs without failing (DOWN while retrying, e.g. ClickHouse or
 * Kafka down, with the last error, and DOWN while stuck). Liveness: DOWN once the loop stopped for
 * good (fatal failure), or while it is stuck: running or retrying but no iteration completed within
 * {@code sink.health.stall-timeout} (blocked inside a call), so the platform restarts it. A loop
 * merely waiting for records or backing off between retries completes iterations and stays live.
 */
public final class SinkHealth {
  private SinkHealth() {}

  static HealthCheckResponse report(
      String name, SinkStatus status, boolean readiness, Duration stallTimeout) {
    HealthCheckResponseBuilder builder = HealthCheckResponse.named(name);
    return switch (status.liveness(stallTimeout)) {
      case SinkStatus.Liveness.Stopped s ->
          builder.down().withData("state", "stopped").withData("reason", s.reason()).build();
      case SinkStatus.Liveness.Stuck s ->
          builder
              .down()
              .withData("state", "stuck")
              .withData("condition", s.condition().getClass().getSimpleName())
              .withData("lastProgress", s.lastProgress().toString())
              .withData(
                  "reason",
                  "no loop iteration completed for "
                      + s.stalledFor()
                      + " (sink.health.stall-timeout "
                      + stallTimeout
                      + "): the loop is blocked inside a call; restart the sink")
              .build();
      case SinkStatus.Liveness.Alive alive ->
          switch (alive.condition()) {
            case SinkStatus.Condition.Starting s ->
                builder.status(!readiness).withData("state", "starting").build();
            case SinkStatus.Condition.Running r ->
                builder.up().withData("state", "running").build();
            case SinkStatus.Condition.Retrying r ->
                builder
                    .status(!readiness)
                    .withData("state", "retrying")
                    .withData("attempt", r.attempt())
                    .withData("lastError", r.reason())
                    .build();
            case SinkStatus.Condition.Stopped s ->
                builder.down().withData("state", "stopped").withData("reason", s.reason()).build();
          };
    };
  }

  /** Readiness check. */
  @Readiness
  @ApplicationScoped
  public static class Ready implements HealthCheck {
    private final SinkLifecycle sink;
    private final Duration stallTimeout;

    Ready(SinkLifecycle sink, SinkSettings settings) {
      this.sink = sink;
      this.stallTimeout = settings.health().stallTimeout();
    }

    @Override
    public HealthCheckResponse call() {
      return report("genealogy-sink", sink.status(), true, stallTimeout);
    }
  }

  /** Liveness check. */
  @Liveness
  @ApplicationScoped
  public static class Live implements HealthCheck {
    private final SinkLifecycle sink;
    private final Duration stallTimeout;

    Live(SinkLifecycle sink, SinkSettings settings) {
      this.sink = sink;
      this.stallTimeout = settings.health().stallTimeout();
    }

    @Override
    public HealthCheckResponse call() {
      return report("genealogy-sink-loop", sink.status(), false, stallTimeout);
    }
  }
}
