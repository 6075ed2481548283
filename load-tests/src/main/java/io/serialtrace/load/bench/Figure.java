package io.serialtrace.load.bench;

/**
 * One measured number with its unit, e.g. {@code 1,293 events/s} or {@code 96.1 ms}.
 *
 * @param value the number
 * @param unit what it counts, written after it
 */
public record Figure(double value, String unit) {}
