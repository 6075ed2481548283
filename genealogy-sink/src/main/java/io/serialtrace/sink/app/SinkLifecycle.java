package io.serialtrace.sink.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.serialtrace.sink.SinkSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * The sink's place in the application's life: starts the {@link SinkThread} when the application
 * starts (after {@code SettingsCheck}), stops it at shutdown, and keeps the {@link SinkStatus} the
 * health checks report.
 */
@ApplicationScoped
public class SinkLifecycle {
  private final SinkSettings settings;
  private final MeterRegistry registry;
  private final SinkStatus status = new SinkStatus();
  private volatile SinkThread sink;

  SinkLifecycle(SinkSettings settings, MeterRegistry registry) {
    this.settings = settings;
    this.registry = registry;
  }

  public SinkStatus status() {
    return status;
  }

  void start(@Observes StartupEvent event) {
    sink = SinkThread.start(settings, registry, status);
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    SinkThread running = sink;
    if (running != null) {
      running.stop(Duration.ofSeconds(15));
    }
  }
}
