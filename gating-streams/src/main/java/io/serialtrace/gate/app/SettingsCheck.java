package io.serialtrace.gate.app;

import io.quarkus.runtime.StartupEvent;
import io.serialtrace.gate.topology.GateSettings;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks at start what one setting's constraints cannot: a relation between two settings. A single
 * bad value is refused by the Bean Validation constraints on {@link GateSettings} before this runs;
 * a bad combination stops the gate here, with a message naming the settings involved.
 */
@ApplicationScoped
public class SettingsCheck {

  // Before GateBootstrap (100) and the Kafka Streams start (default priority): nothing has started.
  void onStart(@Observes @Priority(10) StartupEvent started, GateSettings settings) {
    requireValid(settings);
  }

  /** Throws, naming every bad combination, unless {@code settings} are usable together. */
  static void requireValid(GateSettings settings) {
    List<String> problems = problems(settings);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Invalid gate settings: " + String.join("; ", problems));
    }
  }

  /** Every bad combination in {@code settings}, naming the settings; empty when they fit. */
  static List<String> problems(GateSettings settings) {
    List<String> problems = new ArrayList<>();
    if (settings.rocksdbWriteBufferBytes() >= settings.rocksdbBlockCacheBytes()) {
      problems.add(
          "gate.rocksdb-write-buffer-bytes must be less than gate.rocksdb-block-cache-bytes (the"
              + " memtables are charged against the cache), was "
              + settings.rocksdbWriteBufferBytes()
              + " with a cache of "
              + settings.rocksdbBlockCacheBytes());
    }
    return problems;
  }
}
