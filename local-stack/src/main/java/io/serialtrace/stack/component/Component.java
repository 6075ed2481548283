package io.serialtrace.stack.component;

import io.serialtrace.stack.Progress;
import io.serialtrace.stack.StackSetting;
import java.time.Duration;
import java.util.List;

/**
 * One real piece of infrastructure of the local stack. {@link io.serialtrace.stack.LocalStack}
 * calls {@link #install}, then {@link #start}, then polls {@link #probe} until ready; {@link #stop}
 * is given the process recorded at start.
 */
public interface Component {

  /** Short lower-case name: PID file, log file, data folder and CLI argument. */
  String name();

  /** The port settings this component listens on, checked free before it starts. */
  List<StackSetting> portSettings();

  /** Fetches, unpacks or compiles whatever is missing. Idempotent; reports progress. */
  void install(Progress progress) throws Exception;

  /**
   * Prepares data on first use (initdb, storage format, config files) and starts the process with
   * {@link io.serialtrace.stack.ManagedProcess#start}. Returns once the process is launched.
   */
  ProcessHandle start(Progress progress) throws Exception;

  /**
   * One real readiness check (a produce/consume, {@code SELECT 1}, an HTTP call, a publish): throws
   * with a specific message when not ready. Must return or fail within a few seconds.
   */
  void probe() throws Exception;

  /** Work to do once after the first successful probe (e.g. a registry rule). Idempotent. */
  default void afterReady(Progress progress) throws Exception {}

  /** Stops the process cleanly, forcibly if it does not stop within a grace period. */
  default void stop(ProcessHandle process, Progress progress) throws Exception {
    io.serialtrace.stack.ManagedProcess.terminate(process, Duration.ofSeconds(30));
  }

  /** The endpoint line printed by {@code ./trace status} and {@code ./trace up}. */
  String endpoint();
}
