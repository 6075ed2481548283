package io.serialtrace.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.load.bench.PublishedRoutes;
import io.serialtrace.stack.FileTrees;
import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.ManagedProcess;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The four services for an IT, through the same {@link
 * io.serialtrace.stack.component.ServiceProcess} code as {@code ./trace demo}: reused when they run
 * already (a demo left up), otherwise started from the modules' runner jars and stopped again by
 * {@link #close()} — only what this started.
 */
final class PipelineServices implements AutoCloseable {
  static final List<String> NAMES = List.of("ingest", "gate", "sink", "api");

  private final LocalStack services;
  private final List<String> started;
  final StackSettings settings;

  private PipelineServices(StackSettings settings, LocalStack services, List<String> started) {
    this.settings = settings;
    this.services = services;
    this.started = started;
  }

  static PipelineServices acquire() throws Exception {
    StackSettings settings = StackSettings.forTests(RepositoryHome.find());
    LocalStack services = LocalStack.withServices(settings).only(NAMES);
    // A service this starts begins from a clean state: other ITs of the build delete and recreate
    // the pipeline's topics (the gate's GateTopicsReset), so CDC offsets and stores kept from an
    // earlier run would point into topics that no longer hold what they remember (ingest would
    // not publish its routes again, and every event would be refused with UNKNOWN_ROUTE).
    for (String name : NAMES) {
      if (ManagedProcess.running(name, settings).isEmpty()) {
        FileTrees.delete(settings.dataDir(name));
      }
    }
    LocalStack.UpResult result = services.up(Progress.printingTo(System.out));
    return new PipelineServices(settings, services, result.started());
  }

  /**
   * {@link #acquire()}, then waits until ingest published the seeded route of IP-200-FINAL: on a
   * fresh stack ingest is ready before its route CDC has run.
   */
  static PipelineServices acquireWithRoutes(StackEndpoints stack) throws Exception {
    PipelineServices services = acquire();
    assertThat(PublishedRoutes.await(stack, "IP-200-FINAL", Duration.ofMinutes(2)))
        .as("ingest published the route of IP-200-FINAL (./trace logs ingest)")
        .isTrue();
    return services;
  }

  /** A station's client of these services: ingest, the gate's state endpoint, MQTT. */
  StationClient station(StackEndpoints stack, SimIdentity identity) {
    return new StationClient(
        url(StackSetting.INGEST_PORT),
        url(StackSetting.GATE_PORT),
        Optional.of(stack.mqttUrl()),
        identity);
  }

  String url(StackSetting port) {
    return "http://127.0.0.1:" + settings.port(port);
  }

  @Override
  public void close() throws Exception {
    if (!started.isEmpty()) {
      services.stop(started, Progress.printingTo(System.out));
    }
  }
}
