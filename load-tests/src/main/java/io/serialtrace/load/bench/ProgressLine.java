package io.serialtrace.load.bench;

import io.serialtrace.stack.Progress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The harness's one progress line: elapsed time, the phase and what it is doing. On a terminal it
 * is rewritten in place every second; otherwise (a log, CI) a line is printed when the phase
 * changes and every ten seconds while it runs.
 */
final class ProgressLine implements AutoCloseable {
  private final PrintStream out;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private final Thread ticker;
  private volatile String phase = "starting";
  private volatile String detail = "";
  private String lastPrinted = "";
  private long lastPrintNanos;

  ProgressLine(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
    this.ticker = Thread.ofPlatform().daemon().name("bench-progress").start(this::tick);
  }

  /** A new phase: printed at once on its own line. */
  void phase(String name) {
    phase = name;
    detail = "";
    print(true);
  }

  /** What the current phase is doing now. */
  void detail(String text) {
    detail = text;
  }

  /** A finished result, printed on its own line. */
  void result(String text) {
    synchronized (out) {
      clearLine();
      out.println("  → " + text);
      out.flush();
    }
  }

  /** Stack start/stop messages of services the harness restarts, as progress details. */
  Progress asStackProgress() {
    return (component, message) -> detail(component + " " + message);
  }

  private void tick() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
      print(false);
    }
  }

  private void print(boolean newPhase) {
    synchronized (out) {
      long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
      String line =
          String.format(
              Locale.ROOT,
              "[bench %02d:%02d] %s%s",
              elapsed / 60,
              elapsed % 60,
              phase,
              detail.isEmpty() ? "" : " — " + detail);
      if (terminal) {
        clearLine();
        out.print(newPhase ? line + "\n" : line);
      } else {
        boolean due = System.nanoTime() - lastPrintNanos > 10_000_000_000L;
        String content = phase + detail;
        if (newPhase || (due && !content.equals(lastPrinted))) {
          out.println(line);
          lastPrinted = content;
          lastPrintNanos = System.nanoTime();
        }
      }
      out.flush();
    }
  }

  private void clearLine() {
    if (terminal) {
      out.print("\r\033[2K");
    }
  }

  @Override
  public void close() {
    ticker.interrupt();
    synchronized (out) {
      clearLine();
      out.flush();
    }
  }
}
