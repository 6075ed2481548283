package io.serialtrace.images;

/** Where the image builder reports what it is doing: one line per step. */
@FunctionalInterface
interface Progress {
  void report(String line);
}
