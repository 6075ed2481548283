package io.serialtrace.load;

import io.serialtrace.load.SeedRoutes.Product;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The plant simulator: N plants building the two seeded products at a set rate, odd plants the
 * drive sub-assembly (IP-200-SUB), even plants the final pump (IP-200-FINAL), which installs a
 * finished sub-assembly. Stations post over HTTP with their operators' tokens (devices with theirs,
 * signers with a fresh signing token each), torque tools over MQTT as themselves; a share of the
 * units carries one realistic {@link Fault}. Bounded by a unit count and a duration; prints a
 * progress line every second, then a summary, and with {@code --report} real query results from
 * trace-api.
 *
 * <p>A sub-assembly's leak test may start only 10 minutes after its seal (the adhesive's cure, a
 * route rule the gate enforces against real time): a sub-assembly started in a one-minute run is
 * still curing when the run ends. The final assembly installs a sub-assembly finished in this run
 * when there is one, otherwise one delivered from the supplier plant's earlier production (a serial
 * the gate has never seen as a unit, as for any bought-in part).
 */
public final class PlantSimulator {
  private static final String[] SUB_STATIONS = {
    "ST-010", "ST-020", "ST-030", "ST-040", "ST-050", "ST-060"
  };
  private static final String[] FINAL_STATIONS = {"FA-100", "FA-200", "FA-300"};

  private final SimulatorOptions options;
  private final SimStats stats = new SimStats();
  private final String runId;
  private final Random random;
  private final Queue<String> finishedSubs = new ConcurrentLinkedQueue<>();
  private final Deque<String> completedFinals = new ConcurrentLinkedDeque<>();
  private final Map<String, Deque<String>> usedSerials = new ConcurrentHashMap<>();
  private final AtomicLong counter = new AtomicLong();
  private final Instant startedAt = Instant.now();
  private final SimIdentity identity;
  private final EventLedger ledger;
  private final Duration settleWithin;

  PlantSimulator(SimulatorOptions options) {
    this(options, EventLedger.NONE, Duration.ZERO);
  }

  /**
   * A simulator whose stations retry unsettled events with the same eventIds for up to {@code
   * settleWithin} and report every answer to {@code ledger} (the soak).
   */
  public PlantSimulator(SimulatorOptions options, EventLedger ledger, Duration settleWithin) {
    this.ledger = ledger;
    this.settleWithin = settleWithin;
    this.options = options;
    this.identity = new SimIdentity(StackSettings.fromEnvironment(RepositoryHome.find()));
    this.random = new Random(options.seed());
    // Base 36 of the start second: serials and lots of two runs never collide.
    this.runId = Long.toString(startedAt.getEpochSecond() % 100_000_000L, 36).toUpperCase();
  }

  public static void main(String[] args) throws Exception {
    SimulatorOptions options;
    try {
      options = SimulatorOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    PlantSimulator simulator = new PlantSimulator(options);
    simulator.run(System.out);
    if (options.report()) {
      new DemoReport(
              options.apiUrl(),
              options.ingestUrl(),
              java.net.URI.create(options.mqttUrl()),
              simulator.identity,
              System.out)
          .print(simulator.completedFinals(), simulator.stats);
    }
    System.exit(0);
  }

  /**
   * Completed final assemblies of this run, oldest first (its shift's lots reach the most units).
   */
  List<String> completedFinals() {
    return List.copyOf(completedFinals);
  }

  SimStats stats() {
    return stats;
  }

  /** Units whose last gate view said COMPLETED. */
  public long completedUnits() {
    return stats.completed.sum();
  }

  /** Serials of the units whose last gate view said COMPLETED. */
  public java.util.Set<String> completedSerials() {
    return java.util.Set.copyOf(stats.completedSerials);
  }

  /** Units that ended with a client error (after the stations' retries). */
  public long failedUnits() {
    return stats.failed.sum();
  }

  /** This run's id: every serial, lot and component serial of the run contains {@code -ID-}. */
  public String runId() {
    return runId;
  }

  public void run(PrintStream out) throws Exception {
    Instant stopStarting = startedAt.plus(options.duration());
    Instant deadline = stopStarting.plus(SimulatorOptions.GRACE);
    List<SimPlant> plants = new ArrayList<>();
    for (int p = 1; p <= options.plants(); p++) {
      plants.add(new SimPlant("P" + p, p % 2 == 1 ? SeedRoutes.SUB : SeedRoutes.FINAL));
    }
    out.printf(
        "plant simulator run %s: %d plant(s) x %d station(s), %.1f units/s, faults in %.0f%% of"
            + " units, %s, at most %d units, ingest %s%n",
        runId,
        options.plants(),
        options.stations(),
        options.rate(),
        options.faultRate() * 100,
        options.duration(),
        options.units(),
        options.ingestUrl());
    boolean console = System.console() != null;
    Semaphore inWork = new Semaphore(options.concurrency());
    long intervalNanos = (long) (1e9 / options.rate());
    try (StationClient client =
            new StationClient(
                options.ingestUrl(),
                options.gateUrl(),
                Optional.of(options.mqttUrl()),
                identity,
                ledger,
                settleWithin);
        ExecutorService units = Executors.newVirtualThreadPerTaskExecutor();
        var progress = Executors.newSingleThreadScheduledExecutor()) {
      progress.scheduleAtFixedRate(
          () -> printProgress(out, console), 1, console ? 1 : 5, TimeUnit.SECONDS);
      long next = System.nanoTime();
      for (int i = 0; i < options.units() && Instant.now().isBefore(stopStarting); i++) {
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          TimeUnit.NANOSECONDS.sleep(sleep);
        }
        next += intervalNanos;
        if (!inWork.tryAcquire(
            Duration.between(Instant.now(), stopStarting).toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
        SimPlant plant = plants.get(i % plants.size());
        Optional<Fault> fault = drawFault();
        fault.ifPresent(stats::fault);
        String serial = plant.id + "-" + plant.product.serialPrefix() + "-" + runId + "-" + (i + 1);
        stats.started.increment();
        units.submit(
            () -> {
              try {
                String status =
                    new UnitRun(plant, serial, fault, deadline, client, identity, stats).run();
                switch (status) {
                  case "COMPLETED" -> {
                    stats.completed.increment();
                    stats.completedSerials.add(serial);
                  }
                  case "HOLD" -> stats.onHold.increment();
                  default -> stats.leftInWork.increment();
                }
              } catch (Exception e) {
                stats.failed.increment();
                synchronized (out) {
                  out.println();
                  out.println("unit " + serial + " failed: " + e);
                }
              } finally {
                inWork.release();
              }
            });
      }
      units.shutdown();
      units.awaitTermination(
          Duration.between(Instant.now(), deadline).plusSeconds(60).toSeconds(), TimeUnit.SECONDS);
      progress.shutdownNow();
    }
    printProgress(out, console);
    out.println();
    out.println(
        "faults injected: "
            + SimStats.brief(stats.faults)
            + "; units failed (client errors): "
            + stats.failed.sum()
            + "; left in work (incl. curing sub-assemblies): "
            + stats.leftInWork.sum());
    stats.stoppedBy.forEach(line -> out.println("  stopped: " + line));
  }

  private void printProgress(PrintStream out, boolean console) {
    double seconds = Duration.between(startedAt, Instant.now()).toMillis() / 1000.0;
    synchronized (out) {
      out.print((console ? "\r" : "") + stats.line(seconds) + (console ? "" : "\n"));
      out.flush();
    }
  }

  /** One fault for a share of the units; late entries only in the last fifth of a shift. */
  private synchronized Optional<Fault> drawFault() {
    if (options.faults().isEmpty() || random.nextDouble() >= options.faultRate()) {
      return Optional.empty();
    }
    long shiftMillis = options.shift().toMillis();
    long intoShift = Duration.between(startedAt, Instant.now()).toMillis() % shiftMillis;
    boolean shiftEnd = intoShift >= shiftMillis * 4 / 5;
    List<Fault> choices =
        options.faults().stream().filter(f -> f != Fault.LATE_ENTRY || shiftEnd).sorted().toList();
    return choices.isEmpty()
        ? Optional.empty()
        : Optional.of(choices.get(random.nextInt(choices.size())));
  }

  private final class SimPlant implements UnitRun.Plant {
    private final String id;
    private final Product product;
    private final List<String> stations;

    SimPlant(String id, Product product) {
      this.id = id;
      this.product = product;
      String[] all = product == SeedRoutes.SUB ? SUB_STATIONS : FINAL_STATIONS;
      this.stations = List.of(all).subList(0, Math.min(options.stations(), all.length));
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public List<String> stations() {
      return stations;
    }

    @Override
    public Product product() {
      return product;
    }

    /** One lot per part, plant and shift: a recall of it reaches every unit of that shift. */
    @Override
    public String lot(String part) {
      long shift =
          Duration.between(startedAt, Instant.now()).toMillis() / options.shift().toMillis() + 1;
      return "LOT-" + part + "-" + id + "-" + runId + "-S" + shift;
    }

    @Override
    public String componentSerial(String part) {
      String serial = part + "-" + runId + "-" + counter.incrementAndGet();
      Deque<String> used = usedSerials.computeIfAbsent(part, k -> new ConcurrentLinkedDeque<>());
      used.addFirst(serial);
      while (used.size() > 50) {
        used.pollLast();
      }
      return serial;
    }

    @Override
    public Optional<String> usedSerial(String part) {
      // Not the newest (its unit may not have scanned it yet); each one is reused once only.
      return Optional.ofNullable(
          usedSerials.getOrDefault(part, new ConcurrentLinkedDeque<>()).pollLast());
    }

    @Override
    public String subAssembly() {
      String finished = finishedSubs.poll();
      return finished != null
          ? finished
          : "IP-200-SUB-EXT-" + runId + "-" + counter.incrementAndGet();
    }

    @Override
    public void finished(String serial, String status, boolean clean) {
      if (!status.equals("COMPLETED")) {
        return;
      }
      if (product == SeedRoutes.SUB) {
        finishedSubs.add(serial);
      } else if (clean) {
        completedFinals.addLast(serial);
      }
    }
  }
}
