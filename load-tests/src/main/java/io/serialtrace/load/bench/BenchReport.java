package io.serialtrace.load.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one harness run measured: what {@code results/<date>.json} and the BENCHMARKS.md table
 * are rendered from.
 *
 * @param startedAt when the run started (UTC)
 * @param wallTime how long it took, set-up and data generation included
 * @param mode full or quick
 * @param command the exact command that ran it
 * @param machine where it ran
 * @param settings the stated loads and scales, by name
 * @param rows every figure beside its baseline
 * @param memory each service's memory under the stated load
 * @param notes what a reader must know to read the figures
 */
public record BenchReport(
    Instant startedAt,
    Duration wallTime,
    BenchPlan.Mode mode,
    String command,
    Machine machine,
    Map<String, String> settings,
    List<Row> rows,
    List<ServiceMemory> memory,
    List<String> notes) {}
