package io.serialtrace.sink.app;

import java.util.concurrent.atomic.AtomicReference;

/** What the health checks report: the sink's current condition, set only by the sink's thread. */
public final class SinkStatus {
  /** The sink's condition. */
  public sealed interface Condition {
    /** Migrating, or not yet polling. */
    record Starting() implements Condition {}

    /** Consuming and writing. */
    record Running() implements Condition {}

    /** A retriable failure: consumption paused, retrying; {@code reason} is the last error. */
    record Retrying(String reason, int attempt) implements Condition {}

    /** Stopped for good (fatal failure or shutdown). */
    record Stopped(String reason) implements Condition {}
  }

  private final AtomicReference<Condition> condition =
      new AtomicReference<>(new Condition.Starting());

  public Condition condition() {
    return condition.get();
  }

  void set(Condition next) {
    condition.set(next);
  }
}
