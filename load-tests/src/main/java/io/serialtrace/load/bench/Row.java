package io.serialtrace.load.bench;

import java.util.OptionalDouble;

/**
 * One line of the benchmark table: a figure beside its same-run baseline.
 *
 * @param section the DESIGN section 8 measurement this row belongs to (gate, latency, sink, trace)
 * @param measurement what was measured, in words, with its scale or rate
 * @param figure the system's figure
 * @param baseline its baseline
 * @param method how it was measured and how the data came to be (generated, real pipeline)
 */
public record Row(
    String section, String measurement, Figure figure, Baseline baseline, String method) {

  /** Figure ÷ baseline when a baseline was measured and is not zero. */
  public OptionalDouble ratio() {
    return switch (baseline) {
      case Baseline.Measured measured when measured.figure().value() != 0 ->
          OptionalDouble.of(figure.value() / measured.figure().value());
      case Baseline.Measured measured -> OptionalDouble.empty();
      case Baseline.NotMeasured none -> OptionalDouble.empty();
    };
  }
}
