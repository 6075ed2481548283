package io.serialtrace.load.soak;

import io.serialtrace.load.soak.FaultPlan.Kind;
import io.serialtrace.load.soak.FaultPlan.Planned;
import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.ManagedProcess;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.StackSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@link FaultPlan} against the soak's stack through {@link LocalStack} (the same stop and
 * start as {@code ./trace up|down} and the ITs' stack extension): a KILL sends SIGKILL to the
 * component's recorded process and starts it again, a RESTART stops it the component's own way and
 * starts it again; each waits until the component answers its readiness probe (the stack's ready
 * timeout bounds it). Each fault starts on time on its own thread, so the spacing holds however
 * long a recovery takes on a loaded machine; the schedule's round order keeps two faults of one
 * component a whole round apart; a fault whose component is still coming back from its previous
 * fault waits for that recovery (reported as late), so two recoveries never start one component at
 * once — two concurrent starts of the gate once left one killing the other's fresh process.
 */
final class FaultInjector {
  private static final Duration KILL_EXIT = Duration.ofSeconds(30);
  private static final int START_ATTEMPTS = 3;

  /** One fault as it happened. */
  record Injected(Planned planned, Instant at, String detail, Duration recovery, boolean ok) {
    String line() {
      return String.format(
          "%s %-24s %s; back in %.1f s%s",
          at.toString().substring(11, 19),
          planned.toString(),
          detail,
          recovery.toMillis() / 1000.0,
          ok ? "" : " — NOT RECOVERED");
    }
  }

  private final StackSettings settings;
  private final LocalStack stack;
  private final PrintStream out;
  private final List<Injected> injected = new ArrayList<>();

  FaultInjector(StackSettings settings, PrintStream out) {
    this.settings = settings;
    this.stack = LocalStack.withServices(settings);
    this.out = out;
  }

  /** Runs every planned fault at its time after {@code start}; returns when all recovered. */
  List<Injected> run(FaultPlan plan, Instant start) throws InterruptedException {
    List<Thread> running = new ArrayList<>();
    Map<FaultPlan.Target, Thread> lastOnTarget = new EnumMap<>(FaultPlan.Target.class);
    for (Planned planned : plan.faults()) {
      Duration wait = Duration.between(Instant.now(), start.plus(planned.at()));
      if (wait.isPositive()) {
        Thread.sleep(wait);
      }
      Optional<Thread> previous = Optional.ofNullable(lastOnTarget.get(planned.target()));
      say(
          Instant.now().toString().substring(11, 19)
              + " "
              + planned
              + (previous.filter(Thread::isAlive).isPresent()
                  ? ": waiting until its previous fault has recovered"
                  : ": injecting"));
      Thread thread =
          Thread.ofVirtual()
              .name("fault-" + planned.index())
              .start(
                  () -> {
                    try {
                      if (previous.isPresent()) {
                        previous.get().join();
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    }
                    Injected done = inject(planned, start);
                    synchronized (this) {
                      injected.add(done);
                    }
                    say(done.line());
                  });
      lastOnTarget.put(planned.target(), thread);
      running.add(thread);
    }
    for (Thread thread : running) {
      thread.join();
    }
    return injected();
  }

  /** The faults done so far, in plan order. */
  synchronized List<Injected> injected() {
    return injected.stream()
        .sorted(java.util.Comparator.comparingInt(i -> i.planned().index()))
        .toList();
  }

  private Injected inject(Planned planned, Instant start) {
    Instant at = Instant.now();
    long late = Duration.between(start.plus(planned.at()), at).toSeconds();
    String name = planned.target().component();
    Progress quiet = (component, message) -> {};
    StringBuilder detail = new StringBuilder(late > 1 ? "(" + late + " s late) " : "");
    try {
      Optional<ProcessHandle> process = ManagedProcess.running(name, settings);
      if (process.isEmpty()) {
        detail.append("was not running; ");
      } else if (planned.target().kind() == Kind.KILL) {
        process.get().destroyForcibly();
        boolean gone = ManagedProcess.await(process.get(), KILL_EXIT);
        detail
            .append("SIGKILL pid ")
            .append(process.get().pid())
            .append(gone ? "" : " (still alive)");
        detail.append("; ");
      } else {
        stack.stop(List.of(name), quiet);
        detail.append("stopped pid ").append(process.get().pid()).append("; ");
      }
      bringBack(name, quiet, detail);
      long pid = ManagedProcess.running(name, settings).map(ProcessHandle::pid).orElse(-1L);
      detail.append("started pid ").append(pid);
      return new Injected(
          planned, at, detail.toString(), Duration.between(at, Instant.now()), true);
    } catch (Exception e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      detail.append("failed: ").append(message.lines().findFirst().orElse(message));
      return new Injected(
          planned, at, detail.toString(), Duration.between(at, Instant.now()), false);
    }
  }

  /**
   * Starts the component until it is ready, as an orchestrator would: a start that is not ready
   * within the stack's ready timeout (a service whose registry is itself restarting) is stopped and
   * tried again, {@link #START_ATTEMPTS} times in all.
   */
  private void bringBack(String name, Progress quiet, StringBuilder detail) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        stack.only(List.of(name)).up(quiet);
        return;
      } catch (Exception e) {
        if (attempt == START_ATTEMPTS) {
          throw e;
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String first = message.lines().findFirst().orElse(message);
        detail.append("start ").append(attempt).append(" failed (");
        detail.append(first, 0, Math.min(80, first.length())).append("…); ");
      }
    }
  }

  private void say(String line) {
    synchronized (out) {
      out.println("[soak] fault " + line);
      out.flush();
    }
  }
}
