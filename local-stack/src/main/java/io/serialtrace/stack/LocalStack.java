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
  private static final Duration PORT_RELEASE = Duration.ofSeconds(30);

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
      // Idempotent, so also for components found running: a stack started by an older version
      // gets what this one declares (topics, grants, rules) without a restart.
      for (Component component : components) {
        component.afterReady(progress);
      }
    } catch (Exception e) {
      Throwable cause = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
      progress.report("stack", "start failed; stopping what this command started");
      try {
        stop(started, progress);
      } catch (Exception stopFailure) {
        // The start failure is the news; a failed clean-up rides along with it.
        cause.addSuppressed(stopFailure);
      }
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
        String exit =
            ManagedProcess.exitCode(component.name(), settings).stream()
                .mapToObj(code -> " with exit code " + code)
                .findFirst()
                .orElse("");
        throw new StackException(
            component.name() + " exited during start-up" + exit + ". " + logTail(component.name()));
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
            + (last == null ? "none" : causes(last))
            + ". "
            + logTail(component.name()));
  }

  /**
   * Brings back whatever is down: a component not running is started at once; one running but not
   * answering its probe gets the ready timeout (it may still be starting or merely slow) and is
   * then stopped and started again. Every component is ready when this returns; what it started is
   * in the result.
   */
  public UpResult heal(Progress progress) throws Exception {
    List<String> down = unhealthy();
    if (down.isEmpty()) {
      return new UpResult(List.of(), components.stream().map(Component::name).toList());
    }
    progress.report("stack", "not ready: " + down + "; bringing them back");
    try {
      return up(progress);
    } catch (StackException | java.util.concurrent.CompletionException notReady) {
      List<String> stillDown = unhealthy();
      progress.report("stack", "still not ready: " + stillDown + "; restarting them");
      stop(stillDown, progress);
      return up(progress);
    }
  }

  private List<String> unhealthy() {
    return status().stream().filter(s -> !s.ready()).map(ComponentStatus::name).toList();
  }

  /** Stops every component this stack's PID files name, in reverse start order. */
  public List<String> down(Progress progress) throws Exception {
    return stop(components.stream().map(Component::name).toList(), progress);
  }

  /** Stops the named components (reverse start order), each only if we recorded it running. */
  public List<String> stop(List<String> names, Progress progress) throws Exception {
    List<String> stopped = new ArrayList<>();
    Exception first = null;
    for (Component component : components.reversed()) {
      if (!names.contains(component.name())) {
        continue;
      }
      // One component that will not stop must not leave the others running.
      try {
        Optional<ProcessHandle> process = ManagedProcess.running(component.name(), settings);
        if (process.isPresent()) {
          progress.report(component.name(), "stopping (pid " + process.get().pid() + ")");
          component.stop(process.get(), progress);
          awaitPortsReleased(component);
          stopped.add(component.name());
          progress.report(component.name(), "stopped");
        } else {
          progress.report(component.name(), "not running");
        }
        ManagedProcess.forget(component.name(), settings);
      } catch (Exception e) {
        progress.report(component.name(), "stop failed: " + e.getMessage());
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
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
    if (!isFree(port)) {
      throw new PortInUseException(component, setting, port, settings.isTestStack());
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A stop is finished when the process has let go of its ports, so a restart right after it never
   * meets its predecessor's sockets. Bounded: a port still held after {@link #PORT_RELEASE} names
   * the setting, as a start would.
   */
  private void awaitPortsReleased(Component component) {
    for (StackSetting setting : component.portSettings()) {
      long deadline = System.nanoTime() + PORT_RELEASE.toNanos();
      while (!isFree(settings.port(setting))) {
        if (System.nanoTime() > deadline) {
          throw new StackException(
              component.name()
                  + " was stopped, but its port "
                  + settings.port(setting)
                  + " ("
                  + setting.environmentVariable()
                  + ") is still held "
                  + PORT_RELEASE.toSeconds()
                  + " s later: a process of it may still be exiting (ss -ltnp shows who)");
        }
        sleep(PROBE_INTERVAL);
      }
    }
  }

  /** The message of {@code error} and of each cause, so a wrapped failure says what went wrong. */
  private static String causes(Throwable error) {
    StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
    for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
      text.append(" <- ")
          .append(cause.getClass().getSimpleName())
          .append(": ")
          .append(cause.getMessage());
    }
    return text.toString();
  }

  /** The last lines of a component's log, for error messages. */
  public String logTail(String component) {
    Path log = settings.logFile(component);
    try {
      // ISO-8859-1 decodes any byte: a log with a stray non-UTF-8 byte still shows its tail.
      List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
      List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
      return "Last lines of "
          + log
          + ":"
          + System.lineSeparator()
          + String.join(System.lineSeparator(), tail);
    } catch (IOException e) {
      return "No log at " + log + " (" + e.getMessage() + ").";
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
