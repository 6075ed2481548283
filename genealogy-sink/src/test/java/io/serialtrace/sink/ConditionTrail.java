package io.serialtrace.sink;

import io.serialtrace.sink.app.SinkStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches an in-process sink's condition every 50 ms and keeps each change (what readiness reported
 * over time), for the outage tests to assert on.
 */
final class ConditionTrail implements AutoCloseable {
  private final List<SinkStatus.Condition> changes = new ArrayList<>();
  private final Thread watcher;
  private volatile boolean watching = true;

  ConditionTrail(SinkStatus status) {
    watcher =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (watching) {
                    SinkStatus.Condition now = status.condition();
                    synchronized (changes) {
                      if (changes.isEmpty() || !sameKind(changes.getLast(), now)) {
                        changes.add(now);
                      }
                    }
                    try {
                      Thread.sleep(50);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  /**
   * Retrying again with another attempt number is not a change worth keeping; another reason is.
   */
  private static boolean sameKind(SinkStatus.Condition a, SinkStatus.Condition b) {
    if (a instanceof SinkStatus.Condition.Retrying ra
        && b instanceof SinkStatus.Condition.Retrying rb) {
      return ra.reason().equals(rb.reason());
    }
    return a.getClass().equals(b.getClass());
  }

  /** The changes so far, oldest first. */
  List<SinkStatus.Condition> changes() {
    synchronized (changes) {
      return List.copyOf(changes);
    }
  }

  /** The reasons of every Retrying seen so far. */
  List<String> retryReasons() {
    return changes().stream()
        .filter(SinkStatus.Condition.Retrying.class::isInstance)
        .map(c -> ((SinkStatus.Condition.Retrying) c).reason())
        .toList();
  }

  @Override
  public void close() throws InterruptedException {
    watching = false;
    watcher.join();
  }
}
