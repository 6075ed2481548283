package io.serialtrace.load.bench;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency histogram, in milliseconds.
 *
 * @param count values recorded
 * @param p50 median
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max largest value
 */
public record Latency(long count, double p50, double p99, double p999, double max) {

  /** Histograms hold microseconds, three significant digits. */
  public static Histogram histogram() {
    return new Histogram(3);
  }

  /** The percentiles of a histogram of microseconds. */
  public static Latency ofMicros(Histogram micros) {
    return new Latency(
        micros.getTotalCount(),
        micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0,
        micros.getValueAtPercentile(99.9) / 1000.0,
        micros.getMaxValue() / 1000.0);
  }
}
