package io.serialtrace.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LocalStackTest {
  private static final String SERVES_UNTIL_STOPPED = "touch ready; sleep 600 & wait";

  @TempDir Path home;
  private LocalStack stack;

  @AfterEach
  void stopEverything() throws Exception {
    if (stack != null) {
      stack.down(Progress.silent());
    }
  }

  private StackSettings settings(Map<String, String> env) {
    return StackSettings.from(home, env::get);
  }

  @Test
  void upStartsEachComponentOnceAndASecondUpFindsItRunning() throws Exception {
    StackSettings settings = settings(Map.of());
    ScriptComponent server =
        new ScriptComponent(settings, "server", SERVES_UNTIL_STOPPED, List.of());
    stack = new LocalStack(settings, List.of(server));

    LocalStack.UpResult first = stack.up(Progress.silent());
    long pid = ManagedProcess.running("server", settings).orElseThrow().pid();
    LocalStack.UpResult second = stack.up(Progress.silent());

    assertThat(first.started()).containsExactly("server");
    assertThat(second.started()).isEmpty();
    assertThat(second.alreadyRunning()).containsExactly("server");
    assertThat(ManagedProcess.running("server", settings).orElseThrow().pid()).isEqualTo(pid);
    assertThat(stack.isReady()).isTrue();
  }

  @Test
  void downStopsTheProcessAndForgetsIt() throws Exception {
    StackSettings settings = settings(Map.of());
    stack =
        new LocalStack(
            settings,
            List.of(new ScriptComponent(settings, "server", SERVES_UNTIL_STOPPED, List.of())));
    stack.up(Progress.silent());
    ProcessHandle process = ManagedProcess.running("server", settings).orElseThrow();

    List<String> stopped = stack.down(Progress.silent());

    assertThat(stopped).containsExactly("server");
    assertThat(process.isAlive()).isFalse();
    assertThat(settings.pidFile("server")).doesNotExist();
    assertThat(stack.status()).singleElement().satisfies(s -> assertThat(s.ready()).isFalse());
  }

  @Test
  void aTakenPortIsNamedWithItsSettingAndNothingIsStarted() throws Exception {
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = squatter.getLocalPort();
      StackSettings settings = settings(Map.of("TRACE_MQTT_PORT", Integer.toString(port)));
      ScriptComponent first =
          new ScriptComponent(settings, "first", SERVES_UNTIL_STOPPED, List.of());
      ScriptComponent mqtt =
          new ScriptComponent(
              settings, "mqtt", SERVES_UNTIL_STOPPED, List.of(StackSetting.MQTT_PORT));
      stack = new LocalStack(settings, List.of(first, mqtt));

      assertThatThrownBy(() -> stack.up(Progress.silent()))
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("Port " + port)
          .hasMessageContaining("mqtt")
          .hasMessageContaining("TRACE_MQTT_PORT=");
      assertThat(ManagedProcess.running("first", settings)).isEmpty();
      assertThat(first.installs).isZero();
    }
  }

  @Test
  void aComponentThatDiesAtStartFailsWithItsLogAndTheOthersAreStopped() throws Exception {
    StackSettings settings = settings(Map.of());
    ScriptComponent healthy =
        new ScriptComponent(settings, "healthy", SERVES_UNTIL_STOPPED, List.of());
    ScriptComponent broken =
        new ScriptComponent(
            settings, "broken", "echo 'config line 7: unknown option' >&2; exit 3", List.of());
    stack = new LocalStack(settings, List.of(healthy, broken));

    assertThatThrownBy(() -> stack.up(Progress.silent()))
        .isInstanceOf(StackException.class)
        .hasMessageContaining("broken exited during start-up with exit code 3")
        .hasMessageContaining("config line 7: unknown option");
    assertThat(ManagedProcess.running("healthy", settings)).isEmpty();
  }

  @Test
  void aPidFileNamingSomeoneElsesProcessIsNeverSignalled() throws Exception {
    StackSettings settings = settings(Map.of());
    Process stranger = new ProcessBuilder("sleep", "600").start();
    try {
      Files.createDirectories(settings.pidFile("server").getParent());
      Files.writeString(settings.pidFile("server"), stranger.pid() + "\n");
      stack =
          new LocalStack(
              settings,
              List.of(new ScriptComponent(settings, "server", SERVES_UNTIL_STOPPED, List.of())));

      assertThat(ManagedProcess.running("server", settings)).isEmpty();
      stack.down(Progress.silent());

      assertThat(stranger.isAlive()).isTrue();
    } finally {
      stranger.destroyForcibly();
    }
  }

  @Test
  void healStartsOnlyWhatIsDownAndLeavesTheRestAsItWas() throws Exception {
    StackSettings settings = settings(Map.of());
    stack =
        new LocalStack(
            settings,
            List.of(
                new ScriptComponent(settings, "kept", SERVES_UNTIL_STOPPED, List.of()),
                new ScriptComponent(settings, "killed", SERVES_UNTIL_STOPPED, List.of())));
    stack.up(Progress.silent());
    long kept = ManagedProcess.running("kept", settings).orElseThrow().pid();
    ProcessHandle killed = ManagedProcess.running("killed", settings).orElseThrow();
    killed.destroyForcibly();
    killed.onExit().get();

    LocalStack.UpResult healed = stack.heal(Progress.silent());

    assertThat(healed.started()).containsExactly("killed");
    assertThat(ManagedProcess.running("kept", settings).orElseThrow().pid()).isEqualTo(kept);
    assertThat(stack.isReady()).isTrue();
  }

  @Test
  void aComponentThatWillNotStopDoesNotKeepTheOthersRunning() throws Exception {
    StackSettings settings = settings(Map.of());
    ScriptComponent stubborn =
        new ScriptComponent(settings, "stubborn", SERVES_UNTIL_STOPPED, List.of()) {
          @Override
          public void stop(ProcessHandle process, Progress progress) {
            throw new StackException("stubborn refuses to stop");
          }
        };
    ScriptComponent first = new ScriptComponent(settings, "first", SERVES_UNTIL_STOPPED, List.of());
    LocalStack both = new LocalStack(settings, List.of(first, stubborn));
    both.up(Progress.silent());
    ProcessHandle stubbornProcess = ManagedProcess.running("stubborn", settings).orElseThrow();
    try {
      assertThatThrownBy(() -> both.down(Progress.silent()))
          .hasMessageContaining("stubborn refuses to stop");

      assertThat(ManagedProcess.running("first", settings)).isEmpty();
    } finally {
      stubbornProcess.destroyForcibly();
    }
  }

  @Test
  void narrowingToAnUnknownComponentNamesTheKnownOnes() {
    StackSettings settings = settings(Map.of());
    LocalStack full = LocalStack.of(settings);

    assertThatThrownBy(() -> full.only(List.of("zookeeper")))
        .hasMessageContaining("zookeeper")
        .hasMessageContaining("postgres, mosquitto, clickhouse, kafka, registry");
  }
}
