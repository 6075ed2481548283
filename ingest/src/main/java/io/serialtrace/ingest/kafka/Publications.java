package io.serialtrace.ingest.kafka;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One publication per event: an answer's bound ends the sender's wait, not the producer's attempt,
 * so an event answered 503 "not confirmed" may still land. Its retry (same eventId, same bytes)
 * must then not put a second copy on the topic. While an attempt is open the retry joins it; once
 * Kafka stored the event the retry is answered as stored; once Kafka gave up the retry publishes
 * anew. Stored events are remembered up to a bound (oldest forgotten first); open attempts always
 * are, and are few (the producer's buffer bounds them).
 *
 * <p>The same eventId with other bytes is not the same event: it is published, and the gate answers
 * it as a duplicate eventId. Thread-safe.
 */
public final class Publications {
  /** An attempt still waiting for Kafka's verdict. */
  private record Open(Fingerprint fingerprint, CompletableFuture<Void> stored) {}

  /** SHA-256 of an event's bytes as received. */
  record Fingerprint(byte[] sha256) {
    static Fingerprint of(ByteBuffer raw) {
      try {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(raw.duplicate());
        return new Fingerprint(digest.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JVM has SHA-256", e);
      }
    }

    boolean sameAs(Fingerprint other) {
      return Arrays.equals(sha256, other.sha256);
    }
  }

  private final Map<UUID, Open> open = new HashMap<>();
  private final LinkedHashMap<UUID, Fingerprint> stored;

  /**
   * @param remembered how many stored events are remembered ({@code
   *     ingest.publications.remembered})
   */
  public Publications(int remembered) {
    this.stored =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<UUID, Fingerprint> eldest) {
            return size() > remembered;
          }
        };
  }

  /**
   * Publishes the event unless the same event is being or was stored.
   *
   * @param raw the event's bytes as received ({@code ProductionEvent.rawPayload})
   * @param publish sends the event; its future completes on Kafka's acknowledgement
   * @return completes when Kafka stored the event (this attempt or an earlier one), fails when the
   *     attempt it joined failed; never the shared future itself, so a caller's timeout cannot end
   *     the attempt
   */
  public CompletableFuture<Void> once(
      UUID eventId, ByteBuffer raw, Supplier<CompletableFuture<Void>> publish) {
    Fingerprint fingerprint = Fingerprint.of(raw);
    synchronized (this) {
      Fingerprint known = stored.get(eventId);
      if (known != null && known.sameAs(fingerprint)) {
        return CompletableFuture.completedFuture(null);
      }
      Open attempt = open.get(eventId);
      if (attempt != null && attempt.fingerprint().sameAs(fingerprint)) {
        return attempt.stored().copy();
      }
      CompletableFuture<Void> sent = publish.get();
      Open started = new Open(fingerprint, sent);
      open.put(eventId, started);
      // Registered after the put: a send that failed at once settles (and is removed) right here.
      sent.whenComplete((ok, failure) -> settle(eventId, started, failure == null));
      return sent.copy();
    }
  }

  private synchronized void settle(UUID eventId, Open attempt, boolean wasStored) {
    open.remove(eventId, attempt);
    if (wasStored) {
      stored.put(eventId, attempt.fingerprint());
    }
  }

  /** Attempts still waiting for Kafka (for tests and metrics). */
  synchronized int openAttempts() {
    return open.size();
  }
}
