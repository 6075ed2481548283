package io.serialtrace.sink.app;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: UP only while the loop runs without failing (DOWN while retrying, e.g. ClickHouse
 * down, with the last error). Liveness: DOWN once the loop stopped for good (fatal failure).
 */
public final class SinkHealth {
  private SinkHealth() {}

  static HealthCheckResponse report(String name, SinkLifecycle sink, boolean readiness) {
    HealthCheckResponseBuilder builder = HealthCheckResponse.named(name);
    return switch (sink.status().condition()) {
      case SinkStatus.Condition.Starting s ->
          builder.status(!readiness).withData("state", "starting").build();
      case SinkStatus.Condition.Running r -> builder.up().withData("state", "running").build();
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
  }

  /** Readiness check. */
  @Readiness
  @ApplicationScoped
  public static class Ready implements HealthCheck {
    private final SinkLifecycle sink;

    Ready(SinkLifecycle sink) {
      this.sink = sink;
    }

    @Override
    public HealthCheckResponse call() {
      return report("genealogy-sink", sink, true);
    }
  }

  /** Liveness check. */
  @Liveness
  @ApplicationScoped
  public static class Live implements HealthCheck {
    private final SinkLifecycle sink;

    Live(SinkLifecycle sink) {
      this.sink = sink;
    }

    @Override
    public HealthCheckResponse call() {
      return report("genealogy-sink-loop", sink, false);
    }
  }
}
