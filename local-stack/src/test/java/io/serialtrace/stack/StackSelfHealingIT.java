package io.serialtrace.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.stack.component.ClickHouseServer;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test stack heals itself between test classes: a class that kills a component's process leaves
 * the next class a working stack, and a stop followed at once by a start (what a test that takes a
 * component down does) always finds the old process gone and its ports free.
 */
@ExtendWith(LocalStackExtension.class)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StackSelfHealingIT {
  private static final String COMPONENT = "clickhouse";
  private static final AtomicLong KILLED_PID = new AtomicLong();

  private static StackSettings settings() {
    return StackSettings.forTests(RepositoryHome.find());
  }

  private static LocalStack clickhouse() {
    return LocalStack.of(settings()).only(List.of(COMPONENT));
  }

  @Nested
  @Order(1)
  class AClassThatKillsAComponent {
    @Test
    void killsClickHouseMidClass(StackEndpoints stack) throws Exception {
      // 1. The component runs and answers (the extension made sure before this class).
      ProcessHandle process = ManagedProcess.running(COMPONENT, settings()).orElseThrow();
      new ClickHouseServer(settings()).probe();

      // 2. SIGKILL: no clean stop, as a crash or the OOM killer would do it.
      process.destroyForcibly();
      assertThat(process.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
      KILLED_PID.set(process.pid());

      // 3. It is down now: nothing is recorded running and the probe fails.
      assertThat(ManagedProcess.running(COMPONENT, settings())).isEmpty();
      assertThat(clickhouse().status())
          .singleElement()
          .satisfies(s -> assertThat(s.ready()).isFalse());
    }
  }

  @Nested
  @Order(2)
  class TheNextClass {
    @Test
    void findsTheKilledComponentRestoredByTheExtension(StackEndpoints stack) throws Exception {
      // The kill above really happened in this JVM before this class.
      assertThat(KILLED_PID.get()).as("the killing class ran first").isPositive();

      // 1. A new process, ready: the extension restarted it before this class.
      ProcessHandle restarted = ManagedProcess.running(COMPONENT, settings()).orElseThrow();
      assertThat(restarted.pid()).isNotEqualTo(KILLED_PID.get());
      new ClickHouseServer(settings()).probe();
    }

    @Test
    void aStopFollowedAtOnceByAStartAlwaysComesUp() throws Exception {
      LocalStack clickhouse = clickhouse();
      for (int round = 1; round <= 3; round++) {
        // 1. A clean stop returns only once the process is gone and its ports are free ...
        clickhouse.down(Progress.silent());
        assertThat(ManagedProcess.running(COMPONENT, settings())).isEmpty();

        // 2. ... so an immediate start never meets its predecessor and comes up ready.
        LocalStack.UpResult up = clickhouse.up(Progress.silent());
        assertThat(up.started()).as("round %d", round).containsExactly(COMPONENT);
        new ClickHouseServer(settings()).probe();
      }
    }
  }

  @Test
  void aStoppedComponentIsNamedInTheStatusUntilHealed() throws Exception {
    LocalStack clickhouse = clickhouse();
    clickhouse.down(Progress.silent());
    assertThat(clickhouse.status()).singleElement().satisfies(s -> assertThat(s.ready()).isFalse());

    LocalStack.UpResult healed = clickhouse.heal(Progress.silent());

    assertThat(healed.started()).containsExactly(COMPONENT);
    assertThat(clickhouse.status()).singleElement().satisfies(s -> assertThat(s.ready()).isTrue());
  }
}
