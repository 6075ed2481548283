package io.serialtrace.sink.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.serialtrace.sink.SinkSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Starts the sink at application start on its own platform thread (the loop blocks in poll and in
 * inserts, and a KafkaConsumer must stay on one thread), and stops it at shutdown.
 */
@ApplicationScoped
public class SinkService {
  private final SinkSettings settings;
  private final MeterRegistry registry;
  private final SinkStatus status = new SinkStatus();
  private volatile SinkRunner runner;
  private volatile Thread thread;

  SinkService(SinkSettings settings, MeterRegistry registry) {
    this.settings = settings;
    this.registry = registry;
  }

  public SinkStatus status() {
    return status;
  }

  void start(@Observes StartupEvent event) {
    settings.validate();
    runner = new SinkRunner(settings, registry, status);
    thread = Thread.ofPlatform().name("genealogy-sink").start(runner);
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    if (runner != null) {
      runner.stop();
    }
    if (thread != null) {
      thread.join(Duration.ofSeconds(15));
    }
  }
}
