package io.serialtrace.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How the stack tells a running process from an exited one, without being fooled by /proc. */
@Timeout(60)
class ManagedProcessTest {
  /**
   * Its main thread ends at once; a second thread lives on until its stdin closes (the test ends
   * it, so no load on the machine can outlast a fixed lifetime).
   */
  private static final String LEADER_EXITS_FIRST =
      """
      #include <pthread.h>
      #include <unistd.h>
      static void *live(void *unused) { char c; while (read(0, &c, 1) > 0) {} return 0; }
      int main(void) { pthread_t t; pthread_create(&t, 0, live, 0); pthread_exit(0); }
      """;

  @TempDir Path dir;

  @Test
  void aProcessWhoseMainThreadEndedFirstIsStillRunningUntilItsLastThreadEnds() throws Exception {
    // 1. A server-like process: its leader shows 'Z' in /proc/PID/stat while a thread still runs
    // (and would still hold the server's ports).
    Path binary = compile(LEADER_EXITS_FIRST);
    Process process = new ProcessBuilder(binary.toString()).start();
    ProcessHandle handle = ProcessHandle.of(process.pid()).orElseThrow();
    Thread.sleep(500);
    assumeThat(Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat")))
        .as("the leader is a zombie while its thread runs")
        .contains(") Z ");

    // 2. Not exited: a thread is left.
    assertThat(ManagedProcess.hasExited(handle)).isFalse();

    // 3. Exited once the last thread ends (its stdin closed; reaped here by the JDK).
    process.getOutputStream().close();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(ManagedProcess.hasExited(handle)).isTrue();
  }

  @Test
  void aLaunchedProcessThatExitedReportsItsExitCode(@TempDir Path home) throws Exception {
    StackSettings settings = StackSettings.from(home, name -> null);
    ManagedProcess.start(
        "short",
        List.of("bash", "-c", "exit 7", settings.stateDir().toString()),
        home,
        java.util.Map.of(),
        settings);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ManagedProcess.running("short", settings).isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    assertThat(ManagedProcess.running("short", settings)).isEmpty();
    assertThat(ManagedProcess.exitCode("short", settings)).hasValue(7);
  }

  private Path compile(String source) throws Exception {
    assumeThat(Path.of("/usr/bin/gcc")).as("gcc (the stack needs it for ClickHouse)").exists();
    Path file = dir.resolve("leader.c");
    Files.writeString(file, source);
    Path binary = dir.resolve("leader");
    Process gcc =
        new ProcessBuilder("gcc", "-o", binary.toString(), file.toString(), "-lpthread")
            .redirectErrorStream(true)
            .start();
    assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(gcc.exitValue()).as(new String(gcc.getInputStream().readAllBytes())).isZero();
    return binary;
  }
}
