package io.serialtrace.load.bench;

/** What a figure is compared with: a baseline measured in the same run, or why there is none. */
public sealed interface Baseline {

  /**
   * A baseline measured in the same run on the same machine.
   *
   * @param what the baseline, in words (e.g. "raw Kafka consume→produce, EOS")
   * @param figure its figure, in the same unit as the row's
   */
  record Measured(String what, Figure figure) implements Baseline {}

  /**
   * No same-run baseline exists for this figure.
   *
   * @param why what the figure should be read against instead
   */
  record NotMeasured(String why) implements Baseline {}
}
