package io.serialtrace.ingest.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/**
 * Route CDC liveness tied to progress: an engine that hands over changes or heartbeats is
 * streaming, one silent past the stall timeout is stalled although it never said it stopped, and a
 * stopped one is stopped. The clock is moved by hand.
 */
class CdcProgressTest {
  private static final Duration STALL = Duration.ofMinutes(2);
  private static final Duration HEARTBEAT = Duration.ofSeconds(10);
  private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

  private Instant now = START;
  private final InstantSource clock = () -> now;
  private final CdcProgress progress = new CdcProgress(clock);

  @Test
  void anEngineHandingOverHeartbeatsOnAQuietTableIsStreamingForHours() {
    for (int beat = 0; beat < 6 * 60 * 3; beat++) {
      now = now.plus(HEARTBEAT);
      progress.recordSeen();
    }

    assertThat(progress.verdict(STALL))
        .isEqualTo(new CdcProgress.Verdict.Streaming(START.plus(HEARTBEAT.multipliedBy(1080))));
  }

  @Test
  void anEngineSilentPastTheStallTimeoutIsStalledThoughItNeverStopped() {
    now = START.plus(Duration.ofSeconds(30));
    progress.recordSeen();

    now = now.plus(STALL);
    assertThat(progress.verdict(STALL)).isInstanceOf(CdcProgress.Verdict.Streaming.class);

    now = now.plusSeconds(1);
    assertThat(progress.verdict(STALL))
        .isEqualTo(
            new CdcProgress.Verdict.Stalled(
                START.plus(Duration.ofSeconds(30)), STALL.plusSeconds(1)));
  }

  @Test
  void anEngineThatNeverHandedAnythingOverIsStalledOnceTheTimeoutPassesAfterItsStart() {
    now = START.plus(STALL).plusMillis(1);

    assertThat(progress.verdict(STALL)).isInstanceOf(CdcProgress.Verdict.Stalled.class);
  }

  @Test
  void aStalledEngineThatResumesIsStreamingAgain() {
    now = START.plus(STALL.multipliedBy(2));
    assertThat(progress.verdict(STALL)).isInstanceOf(CdcProgress.Verdict.Stalled.class);

    progress.recordSeen();

    assertThat(progress.verdict(STALL)).isEqualTo(new CdcProgress.Verdict.Streaming(now));
  }

  @Test
  void aStoppedEngineIsStoppedEvenRightAfterARecord() {
    progress.recordSeen();
    progress.stopped("Connector failed: connection refused");

    assertThat(progress.verdict(STALL))
        .isEqualTo(new CdcProgress.Verdict.Stopped("Connector failed: connection refused"));
  }
}
