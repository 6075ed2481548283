package io.serialtrace.stack;

import java.io.PrintStream;

/** Where long-running stack operations report what they are doing. */
@FunctionalInterface
public interface Progress {
  void report(String component, String message);

  /** Timestamped lines on the given stream, e.g. {@code [ 4.2s] kafka ready}. */
  static Progress printingTo(PrintStream out) {
    long start = System.nanoTime();
    return (component, message) -> {
      double seconds = (System.nanoTime() - start) / 1e9;
      synchronized (out) {
        out.printf("[%6.1fs] %-11s %s%n", seconds, component, message);
        out.flush();
      }
    };
  }

  static Progress silent() {
    return (component, message) -> {};
  }
}
