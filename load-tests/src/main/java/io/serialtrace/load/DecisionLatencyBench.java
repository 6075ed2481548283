package io.serialtrace.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The station's round trip, measured: {@code POST /v1/events} with {@code Prefer: wait=5} to ingest
 * until the real gate's answer comes back. Units of IP-200-FINAL are started at a fixed rate; each
 * sends its first step as four waited events in a row (start, step start, housing scan, step
 * completion), as a station that waits for every answer. Bounded by a duration; a warm-up is not
 * recorded. Latencies in an HdrHistogram (microseconds, 3 significant digits).
 *
 * <p>{@code java -cp load-tests/target/classes:load-tests/target/sim-lib/*
 * io.serialtrace.load.DecisionLatencyBench [--rate events/s] [--duration 60s] [--warmup 10s]}
 */
public final class DecisionLatencyBench {
  private static final int EVENTS_PER_UNIT = 4;

  private DecisionLatencyBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    StackSettings stack = StackSettings.fromEnvironment(RepositoryHome.find());
    double rate = Double.parseDouble(options.getOrDefault("--rate", "40"));
    Duration duration = SimulatorOptions.duration(options.getOrDefault("--duration", "60s"));
    Duration warmup = SimulatorOptions.duration(options.getOrDefault("--warmup", "10s"));
    String ingest =
        options.getOrDefault(
            "--ingest", "http://127.0.0.1:" + stack.port(StackSetting.INGEST_PORT));
    String gate =
        options.getOrDefault("--gate", "http://127.0.0.1:" + stack.port(StackSetting.GATE_PORT));

    Recorder recorder = new Recorder(3);
    LongAdder sent = new LongAdder();
    LongAdder notAccepted = new LongAdder();
    LongAdder errors = new LongAdder();
    String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
    Instant start = Instant.now();
    Instant recordFrom = start.plus(warmup);
    Instant stop = recordFrom.plus(duration);
    long unitIntervalNanos = (long) (1e9 * EVENTS_PER_UNIT / rate);
    System.out.printf(
        "decision round trip: %.1f waited events/s (%d per unit), warm-up %s, measured %s, ingest %s%n",
        rate, EVENTS_PER_UNIT, warmup, duration, ingest);
    SimIdentity identity = new SimIdentity(StackSettings.fromEnvironment(RepositoryHome.find()));
    String token = identity.operator("op-bench", "P2");
    try (StationClient client = new StationClient(ingest, gate, Optional.empty(), identity);
        ExecutorService units = Executors.newVirtualThreadPerTaskExecutor()) {
      long next = System.nanoTime();
      for (int i = 0; Instant.now().isBefore(stop); i++) {
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          TimeUnit.NANOSECONDS.sleep(sleep);
        }
        next += unitIntervalNanos;
        String serial = "LAT-" + run + "-" + i;
        units.submit(
            () -> {
              for (ObjectNode event : firstStep(serial)) {
                try {
                  long t0 = System.nanoTime();
                  StationClient.Decision decision = client.postAndWait(event, 5, token);
                  long micros = (System.nanoTime() - t0) / 1_000;
                  if (Instant.now().isAfter(recordFrom)) {
                    recorder.recordValue(micros);
                    sent.increment();
                    if (!decision.accepted()) {
                      notAccepted.increment();
                    }
                  }
                  if (!decision.accepted()) {
                    return;
                  }
                } catch (Exception e) {
                  errors.increment();
                  return;
                }
              }
            });
      }
      units.shutdown();
      units.awaitTermination(60, TimeUnit.SECONDS);
    }
    var histogram = recorder.getIntervalHistogram();
    double seconds = duration.toMillis() / 1000.0;
    System.out.printf(
        "measured %d round trips in %.0f s (%.1f/s); not 200 ACCEPTED: %d; errors: %d%n",
        sent.sum(), seconds, sent.sum() / seconds, notAccepted.sum(), errors.sum());
    System.out.printf(
        "latency ms: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
        histogram.getValueAtPercentile(50) / 1000.0,
        histogram.getValueAtPercentile(90) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0,
        histogram.getValueAtPercentile(99.9) / 1000.0,
        histogram.getMaxValue() / 1000.0);
    System.out.printf(
        "machine: %d cores, %d MiB max heap of this JVM%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    System.exit(0);
  }

  private static List<ObjectNode> firstStep(String serial) {
    return List.of(
        event(
            serial,
            Map.of("type", "UnitStarted", "product", "IP-200-FINAL", "workOrder", "WO-LAT")),
        event(serial, Map.of("type", "StepStarted", "stepId", "10-HOUSING")),
        event(
            serial,
            Map.of(
                "type", "ComponentScanned",
                "stepId", "10-HOUSING",
                "part", "HSG-200-REAR",
                "componentSerial", "HSG-" + serial)),
        event(serial, Map.of("type", "StepCompleted", "stepId", "10-HOUSING")));
  }

  private static ObjectNode event(String serial, Map<String, String> payload) {
    ObjectNode event = StationClient.JSON.createObjectNode();
    event.put("eventId", UUID.randomUUID().toString());
    event.put("serial", serial);
    event.put("plant", "P2");
    event.put("station", "FA-100");
    event.put("actor", "op-bench");
    event.put("actorType", "OPERATOR");
    event.put("eventTime", Instant.now().toString());
    ObjectNode body = event.putObject("payload");
    payload.forEach(body::put);
    if (payload.containsKey("componentSerial")) {
      body.put("qty", 1);
    }
    return event;
  }
}
