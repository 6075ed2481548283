package io.serialtrace.load.bench;

import io.serialtrace.stack.ManagedProcess;
import io.serialtrace.stack.StackSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of the four services while a load runs: resident set size from {@code /proc/<pid>/status}
 * ({@code VmRSS}, cheap: every two seconds) and Java heap from {@code jcmd <pid> GC.heap_info} (a
 * JVM start each, so every fifteen seconds). The largest sample of each is kept.
 */
final class MemorySampler implements AutoCloseable {
  static final List<String> SERVICES = List.of("ingest", "gate", "sink", "api");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
  private static final Pattern G1 = Pattern.compile("committed (\\d+)K, used (\\d+)K");
  private static final Pattern GENERATION = Pattern.compile("total (\\d+)K, used (\\d+)K");
  private static final Pattern XMX = Pattern.compile("-Xmx(\\S+)");

  private final StackSettings settings;
  private final Map<String, double[]> maxima = new LinkedHashMap<>();
  private final Map<String, Long> pids = new LinkedHashMap<>();
  private final Map<String, String> maxHeaps = new LinkedHashMap<>();
  private final Thread sampler;

  MemorySampler(StackSettings settings) {
    this.settings = settings;
    this.sampler = Thread.ofPlatform().daemon().name("bench-memory").start(this::loop);
  }

  /**
   * Heap committed and used (KiB) of one {@code GC.heap_info} answer: G1, or summed generations.
   */
  static long[] parseHeapInfo(String heapInfo) {
    Matcher g1 = G1.matcher(heapInfo);
    if (g1.find()) {
      return new long[] {Long.parseLong(g1.group(1)), Long.parseLong(g1.group(2))};
    }
    long committed = 0;
    long used = 0;
    Matcher generation = GENERATION.matcher(heapInfo);
    while (generation.find()) {
      committed += Long.parseLong(generation.group(1));
      used += Long.parseLong(generation.group(2));
    }
    return new long[] {committed, used};
  }

  /** {@code VmRSS} in KiB of one {@code /proc/<pid>/status} text, 0 when absent. */
  static long parseRss(String status) {
    Matcher m = RSS.matcher(status);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private void loop() {
    for (int tick = 0; !Thread.currentThread().isInterrupted(); tick++) {
      for (String service : SERVICES) {
        Optional<ProcessHandle> process = ManagedProcess.running(service, settings);
        if (process.isEmpty()) {
          continue;
        }
        long pid = process.get().pid();
        pids.put(service, pid);
        double[] max = maxima.computeIfAbsent(service, s -> new double[3]);
        try {
          max[2] = Math.max(max[2], parseRss(read("/proc/" + pid + "/status")) / 1024.0);
          maxHeaps.computeIfAbsent(service, s -> maxHeap(pid));
          if (tick % 8 == 0) {
            long[] heap = parseHeapInfo(jcmd(pid));
            max[0] = Math.max(max[0], heap[1] / 1024.0);
            max[1] = Math.max(max[1], heap[0] / 1024.0);
          }
        } catch (IOException e) {
          // The process went away between the PID check and the read: the next tick tells.
        } catch (InterruptedException e) {
          return;
        }
      }
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The largest samples per service, in the order of {@link #SERVICES}. */
  synchronized List<ServiceMemory> result() {
    List<ServiceMemory> result = new ArrayList<>();
    for (String service : SERVICES) {
      double[] max = maxima.get(service);
      if (max != null) {
        result.add(
            new ServiceMemory(
                service,
                pids.get(service),
                max[0],
                max[1],
                max[2],
                maxHeaps.getOrDefault(service, "JVM default")));
      }
    }
    return result;
  }

  private static String read(String file) throws IOException {
    return Files.readString(Path.of(file), StandardCharsets.UTF_8);
  }

  private static String maxHeap(long pid) {
    try {
      String cmdline = read("/proc/" + pid + "/cmdline").replace('\0', ' ');
      Matcher m = XMX.matcher(cmdline);
      return m.find() ? "-Xmx" + m.group(1) : "JVM default";
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String jcmd(long pid) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    sampler.interrupt();
    sampler.join(35_000);
  }
}
