package io.serialtrace.sink.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * Liveness tied to progress: a loop that should be polling and completes no iteration within the
 * stall timeout is DOWN; one that waits, backs off or retries keeps completing iterations and stays
 * UP. The clock is moved by hand.
 */
class SinkHealthTest {
  private static final Duration STALL = Duration.ofMinutes(5);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
  private final SinkStatus status = new SinkStatus(clock);

  private HealthCheckResponse live() {
    return SinkHealth.report("loop", status, false, STALL);
  }

  private HealthCheckResponse ready() {
    return SinkHealth.report("sink", status, true, STALL);
  }

  @Test
  void aRunningLoopThatKeepsIteratingStaysLiveForever() {
    status.set(new SinkStatus.Condition.Running());

    for (int i = 0; i < 100; i++) {
      clock.advance(Duration.ofSeconds(10));
      status.progressed();
    }

    assertThat(live().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(ready().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
  }

  @Test
  void aRunningLoopWithNoIterationPastTheStallTimeoutIsNotLive() {
    status.set(new SinkStatus.Condition.Running());

    clock.advance(STALL);
    assertThat(live().getStatus())
        .as("exactly at the bound")
        .isEqualTo(HealthCheckResponse.Status.UP);

    clock.advance(Duration.ofSeconds(1));
    HealthCheckResponse live = live();
    assertThat(live.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(live.getData().orElseThrow())
        .containsEntry("state", "stuck")
        .containsEntry("condition", "Running")
        .containsEntry("lastProgress", "2026-12-07T10:00:00Z");
    assertThat(live.getData().orElseThrow().get("reason").toString())
        .contains("no loop iteration completed for PT5M1S", "restart the sink");
    assertThat(ready().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
  }

  @Test
  void aLoopRetryingThroughALongOutageStaysLiveButNotReady() {
    // An outage of an hour: every back-off slice polls and counts as an iteration.
    for (int attempt = 1; attempt <= 360; attempt++) {
      status.set(new SinkStatus.Condition.Retrying("ClickHouse unreachable", attempt));
      for (int slice = 0; slice < 50; slice++) {
        clock.advance(Duration.ofMillis(200));
        status.progressed();
      }
    }

    assertThat(live().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(live().getData().orElseThrow()).containsEntry("state", "retrying");
    assertThat(ready().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
  }

  @Test
  void aRetryingLoopBlockedInsideItsRetryIsNotLive() {
    status.set(new SinkStatus.Condition.Retrying("registry unreachable", 3));

    clock.advance(STALL.plusSeconds(1));

    assertThat(live().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(live().getData().orElseThrow()).containsEntry("condition", "Retrying");
  }

  @Test
  void aStartingSinkIsLiveWhateverTheClockSaysAndNotReady() {
    // Migrations retry on their own bounded calls; the loop is not polling yet.
    clock.advance(STALL.multipliedBy(3));

    assertThat(live().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(ready().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
  }

  @Test
  void aStoppedLoopIsNotLiveEvenRightAfterStopping() {
    status.set(new SinkStatus.Condition.Stopped("changed migration V001"));

    HealthCheckResponse live = live();
    assertThat(live.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(live.getData().orElseThrow()).containsEntry("reason", "changed migration V001");
  }
}
