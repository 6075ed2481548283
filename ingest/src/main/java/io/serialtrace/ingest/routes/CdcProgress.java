package io.serialtrace.ingest.routes;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether route CDC makes progress: the engine hands over a record (a change or, when the table is
 * quiet, one of the heartbeats it emits every {@code ingest.cdc.heartbeat-interval}) at least that
 * often while it streams, so a silence longer than {@code ingest.cdc.stall-timeout} means it is
 * stalled — hung, or retrying a connection it cannot get — even though it never reported stopping.
 */
public final class CdcProgress {
  /** The verdict liveness reports. */
  public sealed interface Verdict {
    /** A record (change or heartbeat) came within the stall timeout. */
    record Streaming(Instant lastRecord) implements Verdict {}

    /** Nothing since {@code lastRecord} (or the engine's start), longer than the stall timeout. */
    record Stalled(Instant lastRecord, Duration silentFor) implements Verdict {}

    /** The engine stopped and will not restart by itself. */
    record Stopped(String why) implements Verdict {}
  }

  private final InstantSource clock;
  private final AtomicReference<String> stopped = new AtomicReference<>();
  private volatile Instant lastRecord;

  /** Progress counted from now (the engine's start). */
  public CdcProgress(InstantSource clock) {
    this.clock = clock;
    this.lastRecord = clock.instant();
  }

  /** The engine handed over a record: a change or a heartbeat. */
  void recordSeen() {
    lastRecord = clock.instant();
  }

  /** The engine stopped, for {@code why}. */
  void stopped(String why) {
    stopped.set(why);
  }

  /** The verdict now, given how long a streaming engine may stay silent. */
  public Verdict verdict(Duration stallTimeout) {
    String why = stopped.get();
    if (why != null) {
      return new Verdict.Stopped(why);
    }
    Instant last = lastRecord;
    Duration silent = Duration.between(last, clock.instant());
    return silent.compareTo(stallTimeout) > 0
        ? new Verdict.Stalled(last, silent)
        : new Verdict.Streaming(last);
  }
}
