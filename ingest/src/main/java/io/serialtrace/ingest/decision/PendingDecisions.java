package io.serialtrace.ingest.decision;

import io.serialtrace.schemas.GateDecision;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Decisions this instance waits for or has received, by eventId, bounded: the oldest entries are
 * forgotten first. A waiter registers before its event is sent, so a fast decision cannot be
 * missed; a decision whose waiter timed out stays here for {@code GET /v1/events/{id}/decision}.
 */
public final class PendingDecisions {
  private final Map<UUID, CompletableFuture<GateDecision>> byEventId;

  public PendingDecisions(int capacity) {
    this.byEventId =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(
              Map.Entry<UUID, CompletableFuture<GateDecision>> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The future completed by this event's decision; registered before the event is sent. */
  public synchronized CompletableFuture<GateDecision> expect(UUID eventId) {
    return byEventId.computeIfAbsent(eventId, id -> new CompletableFuture<>());
  }

  /** Completes the waiter of the decision's event, or remembers it for a later poll. */
  public synchronized void decided(GateDecision decision) {
    byEventId
        .computeIfAbsent(decision.getEventId(), id -> new CompletableFuture<>())
        .complete(decision);
  }

  /** Drops a waiter whose event was never stored: there will be no decision. */
  public synchronized void forget(UUID eventId) {
    byEventId.remove(eventId);
  }

  /** The wait for this event (done when decided), or empty when unknown to this instance. */
  public synchronized Optional<CompletableFuture<GateDecision>> lookup(UUID eventId) {
    return Optional.ofNullable(byEventId.get(eventId));
  }
}
