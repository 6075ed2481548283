package io.serialtrace.load.soak;

import io.serialtrace.load.PlantSimulator;
import io.serialtrace.load.SimulatorOptions;
import io.serialtrace.load.bench.PublishedRoutes;
import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ./trace soak}: the plant simulator against the soak stack (started by {@code ./trace} with
 * its services) while {@link FaultInjector} works through a {@link FaultPlan}; then brings back
 * whatever is still down, {@link Drain}s (bounded, with progress) until the pipeline has settled
 * every event, and prints the {@link Reconciliation}. Exit 0 when it balances, 1 when a line is not
 * zero, 2 on wrong usage, 3 when the stack is not ready.
 */
public final class SoakRun {
  private static final Duration ROUTES = Duration.ofMinutes(3);

  /**
   * Units in work at once: stations wait out faults (up to {@code --settle}), so more units are in
   * work at a time than in the demo.
   */
  private static final int CONCURRENCY = 64;

  private SoakRun() {}

  public static void main(String[] args) throws Exception {
    SoakOptions options;
    try {
      options = SoakOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(options, System.out));
  }

  static int run(SoakOptions options, PrintStream out) throws Exception {
    StackSettings settings = StackSettings.fromEnvironment(RepositoryHome.find());
    StackEndpoints endpoints = StackEndpoints.of(settings);
    LocalStack stack = LocalStack.withServices(settings);
    // Whatever is not ready yet gets the stack's ready timeout (a service may still be warming up).
    try {
      stack.heal((component, message) -> say(out, component + ": " + message));
    } catch (Exception e) {
      say(out, "the soak stack is not ready (" + settings.stateDir() + "): " + e.getMessage());
      return 3;
    }
    for (String product : List.of("IP-200-SUB", "IP-200-FINAL")) {
      if (!PublishedRoutes.await(endpoints, product, ROUTES)) {
        out.println("[soak] ingest did not publish the route of " + product + " within " + ROUTES);
        return 3;
      }
    }
    FaultPlan plan =
        FaultPlan.of(
            options.seed(),
            options.duration(),
            options.faultEvery(),
            List.of(FaultPlan.Target.values()));
    say(
        out,
        String.format(
            Locale.ROOT,
            "%.1f units/s for %d s, seed %d, %d faults (one every %d s), state %s, Kafka %s",
            options.rate(),
            options.duration().toSeconds(),
            options.seed(),
            plan.faults().size(),
            options.faultEvery().toSeconds(),
            settings.stateDir(),
            endpoints.kafkaBootstrap()));
    plan.faults().forEach(f -> say(out, "planned " + f));
    Ledger ledger = new Ledger();
    PlantSimulator simulator =
        new PlantSimulator(
            SimulatorOptions.parse(
                new String[] {
                  "--plants", "2",
                  "--concurrency", Integer.toString(CONCURRENCY),
                  "--rate", Double.toString(options.rate()),
                  "--duration", options.duration().toSeconds() + "s",
                  "--fault-rate", Double.toString(options.simulatorFaultRate()),
                  "--seed", Long.toString(options.seed())
                }),
            ledger,
            options.settle());
    FaultInjector injector = new FaultInjector(settings, out);
    Instant start = Instant.now();
    Thread faults =
        Thread.ofPlatform()
            .name("soak-faults")
            .start(
                () -> {
                  try {
                    injector.run(plan, start);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    simulator.run(out);
    faults.join(Duration.ofMinutes(5));
    if (faults.isAlive()) {
      say(out, "faults still running 5 min after the simulator; interrupting them");
      faults.interrupt();
      faults.join(Duration.ofMinutes(2));
    }
    say(out, "simulator done after " + Duration.between(start, Instant.now()).toSeconds() + " s");
    try {
      stack.heal((component, message) -> say(out, component + ": " + message));
    } catch (Exception e) {
      say(out, "the stack is not whole after the faults (draining anyway): " + e.getMessage());
    }
    Optional<Reconciliation> drained =
        new Drain(options, endpoints, simulator.runId(), line -> say(out, line))
            .run(
                ledger.entries(),
                new Reconciliation.Completions(
                    simulator.completedSerials(), options.minCompleted()));
    List<FaultInjector.Injected> injected = injector.injected();
    out.println();
    out.println("faults injected: " + injected.size());
    injected.forEach(f -> out.println("  " + f.line()));
    out.println();
    drained.ifPresentOrElse(
        report -> report.print(out),
        () -> out.println("NOT BALANCED: nothing could be read during the drain"));
    long unrecovered = injected.stream().filter(f -> !f.ok()).count();
    out.printf(
        Locale.ROOT,
        "%nsoak run %s: %d faults (%d not recovered), %d sends repeated by the stations, %d units"
            + " completed, %d failed, %d s in all%n",
        simulator.runId(),
        injected.size(),
        unrecovered,
        ledger.retriedSends(),
        simulator.completedUnits(),
        simulator.failedUnits(),
        Duration.between(start, Instant.now()).toSeconds());
    return drained.filter(Reconciliation::balanced).isPresent() && unrecovered == 0 ? 0 : 1;
  }

  private static void say(PrintStream out, String line) {
    synchronized (out) {
      out.println("[soak] " + Instant.now().toString().substring(11, 19) + " " + line);
      out.flush();
    }
  }
}
