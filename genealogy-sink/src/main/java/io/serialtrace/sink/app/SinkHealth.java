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

  static HealthCheckResponse report(String name, SinkService service, boolean readiness) {
    HealthCheckResponseBuilder builder = HealthCheckResponse.named(name);
    return switch (service.status().condition()) {
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
    private final SinkService service;

    Ready(SinkService service) {
      this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
      return report("genealogy-sink", service, true);
    }
  }

  /** Liveness check. */
  @Liveness
  @ApplicationScoped
  public static class Live implements HealthCheck {
    private final SinkService service;

    Live(SinkService service) {
      this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
      return report("genealogy-sink-loop", service, false);
    }
  }
}
