package io.serialtrace.load.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the machine did besides this run, for the notes under the table: the load average at the
 * start and end of each phase, and the CPU time every process used meanwhile (sampled every {@link
 * #SAMPLE_EVERY}, so a process that lived shorter may be missed), this run's own — the harness, and
 * the stack's processes, whose command lines name this repository — apart from the rest. Linux
 * {@code /proc}; elsewhere the notes say it is unknown.
 */
final class RunConditions implements AutoCloseable {
  private static final java.time.Duration SAMPLE_EVERY = java.time.Duration.ofSeconds(2);

  /** Clock ticks per second of {@code /proc/<pid>/stat} times ({@code USER_HZ}, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100;

  /** Other processes listed by name, most CPU first. */
  private static final int LISTED = 5;

  private final Path home;
  private final long ownPid = ProcessHandle.current().pid();
  private final Map<Long, Proc> start;

  /** Per pid: the process as last seen (its ticks then). */
  private final Map<Long, Proc> last = new HashMap<>();

  private final long startNanos = System.nanoTime();
  private final Map<String, String> loads = new LinkedHashMap<>();
  private final java.util.concurrent.ScheduledExecutorService sampler =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("run-conditions").unstarted(r));

  /** One process's CPU ticks so far and what it is. */
  private record Proc(long pid, long ppid, String name, boolean ours, long ticks) {
    Proc asOurs() {
      return new Proc(pid, ppid, name, true, ticks);
    }
  }

  RunConditions(Path home) {
    this.home = home;
    this.start = snapshot();
    last.putAll(start);
    mark("start");
    sampler.scheduleAtFixedRate(
        this::sample,
        SAMPLE_EVERY.toMillis(),
        SAMPLE_EVERY.toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private synchronized void sample() {
    last.putAll(snapshot());
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }

  /** Notes the load average now, under a label (a phase's start or end). */
  void mark(String label) {
    loads.put(label, loadAverage());
  }

  /** The notes: load averages through the run, and what else used the cores. */
  synchronized List<String> notes() {
    mark("end");
    close();
    last.putAll(snapshot());
    List<String> notes = new ArrayList<>();
    StringBuilder l = new StringBuilder("Load average (1, 5, 15 min) through this run: ");
    loads.forEach((label, load) -> l.append(label).append(' ').append(load).append("; "));
    notes.add(l.substring(0, l.length() - 2) + ".");
    if (last.isEmpty()) {
      notes.add("What else ran is unknown (no /proc on this machine).");
      return notes;
    }
    double wall = (System.nanoTime() - startNanos) / 1e9;
    int cores = Runtime.getRuntime().availableProcessors();
    double ours = 0;
    Map<String, Double> others = new HashMap<>();
    for (Proc p : last.values()) {
      Proc before = start.get(p.pid());
      double seconds = (p.ticks() - (before == null ? 0 : before.ticks())) / TICKS_PER_SECOND;
      if (seconds <= 0) {
        continue;
      }
      if (p.ours()) {
        ours += seconds;
      } else {
        others.merge(p.name(), seconds, Double::sum);
      }
    }
    double other = others.values().stream().mapToDouble(Double::doubleValue).sum();
    double available = wall * cores;
    StringBuilder top = new StringBuilder();
    others.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(LISTED)
        .forEach(
            e ->
                top.append(top.isEmpty() ? "" : ", ")
                    .append(e.getKey())
                    .append(String.format(Locale.ROOT, " %.0f s", e.getValue())));
    notes.add(
        String.format(
            Locale.ROOT,
            "CPU time during this run (%.0f s × %d cores = %.0f core-seconds): this run's"
                + " processes (harness, services, Kafka, ClickHouse, PostgreSQL, registry) %.0f s"
                + " (%.0f %%); other processes %.0f s (%.0f %%)%s. Sampled every %d s: a process"
                + " that lived shorter is not counted.",
            wall,
            cores,
            available,
            ours,
            100 * ours / available,
            other,
            100 * other / available,
            other < 0.05 * available
                ? ": the machine was otherwise quiet"
                : ", most: "
                    + top
                    + ". Absolute figures are a floor; the ratios against"
                    + " baselines measured in the same run are the point",
            SAMPLE_EVERY.toSeconds()));
    return notes;
  }

  private Map<Long, Proc> snapshot() {
    Map<Long, Proc> procs = new HashMap<>();
    try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
      dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(d -> read(d).ifPresent(p -> procs.put(p.pid(), p)));
    } catch (IOException e) {
      return Map.of();
    }
    // A child of this run's processes (PostgreSQL's backends, a launcher's JVM) is this run's too.
    Map<Long, Proc> marked = new HashMap<>();
    for (Proc p : procs.values()) {
      marked.put(p.pid(), ancestryOurs(p, procs) ? p.asOurs() : p);
    }
    return marked;
  }

  private static boolean ancestryOurs(Proc p, Map<Long, Proc> procs) {
    for (int depth = 0; p != null && depth < 32; depth++) {
      if (p.ours()) {
        return true;
      }
      p = procs.get(p.ppid());
    }
    return false;
  }

  private java.util.Optional<Proc> read(Path dir) {
    try {
      long pid = Long.parseLong(dir.getFileName().toString());
      String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
      // pid (comm) state ppid … utime stime: fields 14 and 15, counted after the ')' of comm.
      int close = stat.lastIndexOf(')');
      String comm = stat.substring(stat.indexOf('(') + 1, close);
      String[] f = stat.substring(close + 2).split(" ");
      long ppid = Long.parseLong(f[1]);
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      String cmdline =
          new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
              .replace('\0', ' ');
      boolean ours = pid == ownPid || cmdline.contains(home.toString());
      return java.util.Optional.of(new Proc(pid, ppid, name(comm, cmdline), ours, ticks));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty(); // ended meanwhile, or not readable
    }
  }

  /** A readable name: the command, and for a JVM its main class or jar. */
  private static String name(String comm, String cmdline) {
    if (!comm.equals("java")) {
      return comm;
    }
    String[] args = cmdline.strip().split(" ");
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("-jar") && i + 1 < args.length) {
        Path jar = Path.of(args[i + 1]);
        // A Quarkus runner (<module>/target/quarkus-app/quarkus-run.jar) by its module.
        return jar.getNameCount() >= 4 && jar.endsWith("quarkus-app/quarkus-run.jar")
            ? "java " + jar.getParent().getParent().getParent().getFileName()
            : "java -jar " + jar.getFileName();
      }
      if (args[i].equals("-cp") || args[i].equals("-classpath")) {
        i++;
        continue;
      }
      if (!args[i].startsWith("-")) {
        String main = args[i];
        return "java " + main.substring(main.lastIndexOf('.') + 1);
      }
    }
    return "java";
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
