package io.serialtrace.load;

import io.serialtrace.stack.FileTrees;
import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.ManagedProcess;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import java.util.List;

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
