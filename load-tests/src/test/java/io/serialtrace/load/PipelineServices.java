package io.serialtrace.load;

import io.serialtrace.stack.LocalStack;
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
    StackSettings settings = StackSettings.fromEnvironment(RepositoryHome.find());
    LocalStack services = LocalStack.withServices(settings).only(NAMES);
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
