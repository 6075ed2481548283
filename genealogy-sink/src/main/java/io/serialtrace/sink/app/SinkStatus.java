package io.serialtrace.sink.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the health checks report: the sink's current condition and when its loop last made progress,
 * both set only by the sink's thread. Progress is one loop iteration completed (a poll, a delivery
 * attempt, a slice of a retry back-off), so a loop that is waiting or retrying progresses and one
 * blocked inside a call does not.
 */
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

  /** Whether the loop is alive, as liveness reports it. */
  public sealed interface Liveness {
    /** Progressing, starting, or waiting in a retry back-off. */
    record Alive(Condition condition) implements Liveness {}

    /**
     * Should be polling (running or retrying) but completed no iteration since {@code
     * lastProgress}, longer ago than the stall timeout: blocked inside a call.
     */
    record Stuck(Condition condition, Instant lastProgress, Duration stalledFor)
        implements Liveness {}

    /** Stopped for good. */
    record Stopped(String reason) implements Liveness {}
  }

  private final Clock clock;
  private final AtomicReference<Condition> condition =
      new AtomicReference<>(new Condition.Starting());
  private volatile Instant lastProgress;

  /** A status on the system clock. */
  public SinkStatus() {
    this(Clock.systemUTC());
  }

  /** A status on {@code clock} (tests control it). */
  public SinkStatus(Clock clock) {
    this.clock = clock;
    this.lastProgress = clock.instant();
  }

  public Condition condition() {
    return condition.get();
  }

  /** When the loop last completed an iteration (or changed condition). */
  public Instant lastProgress() {
    return lastProgress;
  }

  /**
   * The liveness verdict now: {@link Liveness.Stuck} when the loop should be polling (running or
   * retrying) and made no progress for longer than {@code stallTimeout}.
   */
  public Liveness liveness(Duration stallTimeout) {
    Condition current = condition.get();
    Instant last = lastProgress;
    Duration since = Duration.between(last, clock.instant());
    return switch (current) {
      case Condition.Stopped stopped -> new Liveness.Stopped(stopped.reason());
      case Condition.Starting starting -> new Liveness.Alive(current);
      case Condition.Running running ->
          since.compareTo(stallTimeout) > 0
              ? new Liveness.Stuck(current, last, since)
              : new Liveness.Alive(current);
      case Condition.Retrying retrying ->
          since.compareTo(stallTimeout) > 0
              ? new Liveness.Stuck(current, last, since)
              : new Liveness.Alive(current);
    };
  }

  void set(Condition next) {
    condition.set(next);
    progressed();
  }

  /** The loop completed an iteration. */
  void progressed() {
    lastProgress = clock.instant();
  }
}
