package io.serialtrace.stack;

import io.serialtrace.stack.component.ApicurioRegistry;
import io.serialtrace.stack.component.ClickHouseServer;
import io.serialtrace.stack.component.Component;
import io.serialtrace.stack.component.KafkaBroker;
import io.serialtrace.stack.component.MosquittoBroker;
import io.serialtrace.stack.component.PostgresCluster;
import io.serialtrace.stack.component.ServiceProcess;
import io.serialtrace.stack.kafka.KafkaSecurity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The real local infrastructure: installs what is missing, starts each component on its own ports
 * with its data under the state folder, waits for real readiness, and stops exactly what it
 * started. Idempotent: {@code up} on a running stack reports it and starts nothing.
 */
public final class LocalStack {
  private static final Duration PROBE_INTERVAL = Duration.ofMillis(250);
  private static final int LOG_TAIL_LINES = 40;

  private final StackSettings settings;
  private final List<Component> components;

  public LocalStack(StackSettings settings, List<Component> components) {
    this.settings = settings;
    this.components = List.copyOf(components);
  }

  /**
   * The full stack in start order: stores first, then the broker, then the registry. The broker in
   * the mode its storage remembers ({@link KafkaSecurity#remembered}).
   */
  public static LocalStack of(StackSettings settings) {
    return of(settings, KafkaSecurity.remembered(settings));
  }

  /** The full stack with the broker in the given mode ({@code ./trace up --secure}). */
  public static LocalStack of(StackSettings settings, KafkaSecurity security) {
    return new LocalStack(
        settings,
        List.of(
            new PostgresCluster(settings),
            new MosquittoBroker(settings),
            new ClickHouseServer(settings),
            new KafkaBroker(settings, security),
            new ApicurioRegistry(settings)));
  }

  /**
   * The full stack followed by the pipeline's four services (runner jars, see {@link
   * ServiceProcess}): what {@code ./trace demo} and {@code ./trace up --services} start, and what
   * {@code ./trace down} stops (services first).
   */
  public static LocalStack withServices(StackSettings settings) {
    return withServices(settings, KafkaSecurity.remembered(settings));
  }

  /** The stack in the given mode followed by the four services, given that mode's credentials. */
  public static LocalStack withServices(StackSettings settings, KafkaSecurity security) {
    List<Component> all = new ArrayList<>(of(settings, security).components());
    all.addAll(ServiceProcess.all(settings, security));
    return new LocalStack(settings, all);
  }

  /** This stack narrowed to the named components (start order kept); unknown names fail. */
  public LocalStack only(List<String> names) {
    for (String name : names) {
      if (component(name).isEmpty()) {
        throw new IllegalArgumentException(
            "Unknown component '"
                + name
                + "'; the stack has: "
                + String.join(", ", components.stream().map(Component::name).toList()));
      }
    }
    return new LocalStack(
        settings, components.stream().filter(c -> names.contains(c.name())).toList());
  }

  public StackSettings settings() {
    return settings;
  }

  public List<Component> components() {
    return components;
  }

  /** What {@link #up} did: components it started, and components it found already running. */
  public record UpResult(List<String> started, List<String> alreadyRunning) {}

  /** How one component stands, for {@code ./trace status}. */
  public record ComponentStatus(
      String name, Optional<Long> pid, boolean ready, String endpoint, String detail) {}

  public UpResult up(Progress progress) throws Exception {
    List<Component> toStart = new ArrayList<>();
    List<String> alreadyRunning = new ArrayList<>();
    List<Component> waitingForRunning = new ArrayList<>();
    for (Component component : components) {
      Optional<ProcessHandle> running = ManagedProcess.running(component.name(), settings);
      if (running.isPresent()) {
        progress.report(component.name(), "already running (pid " + running.get().pid() + ")");
        alreadyRunning.add(component.name());
        waitingForRunning.add(component);
      } else {
        toStart.add(component);
      }
    }
    // Check every port before starting anything, so a conflict leaves no half-started stack.
    for (Component component : toStart) {
      for (StackSetting port : component.portSettings()) {
        requireFree(component.name(), port);
      }
    }
    for (Component component : toStart) {
      component.install(progress);
    }
    List<String> started = new ArrayList<>();
    try {
      for (Component component : toStart) {
        ProcessHandle process = component.start(progress);
        started.add(component.name());
        progress.report(
            component.name(), "started (pid " + process.pid() + "), waiting until ready");
      }
      List<CompletableFuture<Void>> readiness = new ArrayList<>();
      for (Component component : components) {
        if (toStart.contains(component) || waitingForRunning.contains(component)) {
          readiness.add(CompletableFuture.runAsync(() -> awaitReady(component, progress)));
        }
      }
      CompletableFuture.allOf(readiness.toArray(CompletableFuture[]::new)).join();
      for (Component component : toStart) {
        component.afterReady(progress);
      }
    } catch (Exception e) {
      Throwable cause = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
      progress.report("stack", "start failed; stopping what this command started");
      stop(started, progress);
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
    return new UpResult(List.copyOf(started), List.copyOf(alreadyRunning));
  }

  private void awaitReady(Component component, Progress progress) {
    long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> process = ManagedProcess.running(component.name(), settings);
      if (process.isEmpty()) {
        throw new StackException(
            component.name() + " exited during start-up. " + logTail(component.name()));
      }
      try {
        component.probe();
        progress.report(component.name(), "ready: " + component.endpoint());
        return;
      } catch (Exception e) {
        last = e;
      }
      sleep(PROBE_INTERVAL);
    }
    throw new StackException(
        component.name()
            + " was not ready within "
            + settings.readyTimeout().toSeconds()
            + " s ("
            + StackSetting.READY_TIMEOUT.environmentVariable()
            + "); last probe: "
            + (last == null ? "none" : last.getMessage())
            + ". "
            + logTail(component.name()));
  }

  /** Stops every component this stack's PID files name, in reverse start order. */
  public List<String> down(Progress progress) throws Exception {
    return stop(components.stream().map(Component::name).toList(), progress);
  }

  /** Stops the named components (reverse start order), each only if we recorded it running. */
  public List<String> stop(List<String> names, Progress progress) throws Exception {
    List<String> stopped = new ArrayList<>();
    for (Component component : components.reversed()) {
      if (!names.contains(component.name())) {
        continue;
      }
      Optional<ProcessHandle> process = ManagedProcess.running(component.name(), settings);
      if (process.isPresent()) {
        progress.report(component.name(), "stopping (pid " + process.get().pid() + ")");
        component.stop(process.get(), progress);
        stopped.add(component.name());
        progress.report(component.name(), "stopped");
      } else {
        progress.report(component.name(), "not running");
      }
      ManagedProcess.forget(component.name(), settings);
    }
    return stopped;
  }

  public List<ComponentStatus> status() {
    List<ComponentStatus> result = new ArrayList<>();
    for (Component component : components) {
      Optional<ProcessHandle> process = ManagedProcess.running(component.name(), settings);
      boolean ready = false;
      String detail;
      if (process.isEmpty()) {
        detail = "stopped";
      } else {
        try {
          component.probe();
          ready = true;
          detail = "ready";
        } catch (Exception e) {
          detail = "running, not ready: " + e.getMessage();
        }
      }
      result.add(
          new ComponentStatus(
              component.name(),
              process.map(ProcessHandle::pid),
              ready,
              component.endpoint(),
              detail));
    }
    return result;
  }

  /** True when every component runs under this stack's PID files and answers its probe. */
  public boolean isReady() {
    return status().stream().allMatch(ComponentStatus::ready);
  }

  public Optional<Component> component(String name) {
    return components.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  private void requireFree(String component, StackSetting setting) {
    int port = settings.port(setting);
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new PortInUseException(component, setting, port);
    }
  }

  /** The last lines of a component's log, for error messages. */
  public String logTail(String component) {
    Path log = settings.logFile(component);
    try {
      List<String> lines = Files.readAllLines(log);
      List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
      return "Last lines of "
          + log
          + ":"
          + System.lineSeparator()
          + String.join(System.lineSeparator(), tail);
    } catch (IOException e) {
      return "No log at " + log + ".";
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while waiting for the stack");
    }
  }
}
