package io.serialtrace.load.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serialtrace.load.StationClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The station's round trip at a fixed rate: units started at {@code rate / 4} per second, each
 * sending its {@link FirstStep} events one after the other. Waited, each is {@code POST /v1/events}
 * with {@code Prefer: wait=5} until the real gate's decision is readable by ingest (event produced
 * → decision readable, plus HTTP); not waited (the baseline), each is the same POST answered 202
 * once Kafka acknowledged the event. A warm-up is not recorded. Microseconds, HdrHistogram.
 */
final class DecisionRoundTrip {
  /**
   * Recorded round trips, all of them and apart for installs (the ComponentScanned of a serialized
   * housing, which the gate decides only after the component's claim) and the other events; those
   * not answered as expected (waited: not 200 ACCEPTED — refused, or still pending when the 5 s
   * wait ran out); failures.
   */
  record Outcome(
      Histogram micros, Histogram installs, Histogram others, long notAccepted, long errors) {}

  private DecisionRoundTrip() {}

  static Outcome run(
      StationClient client,
      String token,
      String serialPrefix,
      double eventsPerSecond,
      Duration warmup,
      Duration measured,
      boolean waited,
      ProgressLine progress)
      throws InterruptedException {
    Recorder installs = new Recorder(3);
    Recorder others = new Recorder(3);
    LongAdder recorded = new LongAdder();
    LongAdder notAccepted = new LongAdder();
    LongAdder errors = new LongAdder();
    long start = System.nanoTime();
    long recordFrom = start + warmup.toNanos();
    long stop = recordFrom + measured.toNanos();
    long unitInterval = (long) (1e9 * BenchPlan.EVENTS_PER_UNIT / eventsPerSecond);
    Histogram total = Latency.histogram();
    try (ExecutorService units = Executors.newVirtualThreadPerTaskExecutor()) {
      long next = start;
      for (int i = 0; System.nanoTime() < stop; i++) {
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          TimeUnit.NANOSECONDS.sleep(sleep);
        }
        next += unitInterval;
        String serial = serialPrefix + i;
        units.submit(
            () ->
                unit(
                    client,
                    token,
                    serial,
                    waited,
                    recordFrom,
                    installs,
                    others,
                    recorded,
                    notAccepted,
                    errors));
        long now = System.nanoTime();
        progress.detail(
            (now < recordFrom ? "warm-up" : "measuring")
                + String.format(
                    java.util.Locale.ROOT,
                    " %.0f/%.0f s, %d round trips recorded, %d not accepted, %d errors",
                    (now - start) / 1e9,
                    (stop - start) / 1e9,
                    recorded.sum(),
                    notAccepted.sum(),
                    errors.sum()));
      }
      units.shutdown();
      units.awaitTermination(60, TimeUnit.SECONDS);
    }
    Histogram installed = installs.getIntervalHistogram();
    Histogram other = others.getIntervalHistogram();
    total.add(installed);
    total.add(other);
    return new Outcome(total, installed, other, notAccepted.sum(), errors.sum());
  }

  private static void unit(
      StationClient client,
      String token,
      String serial,
      boolean waited,
      long recordFrom,
      Recorder installs,
      Recorder others,
      LongAdder recorded,
      LongAdder notAccepted,
      LongAdder errors) {
    for (ObjectNode event : FirstStep.events(serial)) {
      try {
        long t0 = System.nanoTime();
        boolean ok;
        if (waited) {
          ok = client.postAndWait(event, 5, token).accepted();
        } else {
          client.post(List.of(event), token);
          ok = true;
        }
        long micros = (System.nanoTime() - t0) / 1_000;
        if (t0 >= recordFrom) {
          (FirstStep.isInstall(event) ? installs : others).recordValue(micros);
          recorded.increment();
          if (!ok) {
            notAccepted.increment();
          }
        }
        if (!ok) {
          return;
        }
      } catch (Exception e) {
        errors.increment();
        return;
      }
    }
  }
}
