package io.serialtrace.stack;

import io.serialtrace.stack.component.Component;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Test double of a stack component: a real child process running a shell script, ready once the
 * script has created the file {@code ready} in its data folder.
 */
class ScriptComponent implements Component {
  private final StackSettings settings;
  private final String name;
  private final String script;
  private final List<StackSetting> ports;
  int installs;

  ScriptComponent(StackSettings settings, String name, String script, List<StackSetting> ports) {
    this.settings = settings;
    this.name = name;
    this.script = script;
    this.ports = ports;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<StackSetting> portSettings() {
    return ports;
  }

  @Override
  public void install(Progress progress) {
    installs++;
  }

  @Override
  public ProcessHandle start(Progress progress) throws Exception {
    Path data = settings.dataDir(name);
    Files.deleteIfExists(data.resolve("ready"));
    // The state folder in the command line (bash's $0) marks the process as ours, so the script
    // must keep bash alive (no exec of its last command).
    return ManagedProcess.start(
        name,
        List.of("bash", "-c", script, settings.stateDir().toString()),
        data,
        Map.of(),
        settings);
  }

  @Override
  public void probe() throws Exception {
    if (!Files.exists(settings.dataDir(name).resolve("ready"))) {
      throw new IllegalStateException(name + " has not written its ready file yet");
    }
  }

  @Override
  public String endpoint() {
    return "script " + name;
  }
}
