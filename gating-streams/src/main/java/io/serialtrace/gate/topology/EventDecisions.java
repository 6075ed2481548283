package io.serialtrace.gate.topology;

import io.serialtrace.schemas.GateDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The first decision of every event, so a redelivery is answered with it and nothing is appended
 * twice ({@link GateTopology#EVENT_DECISIONS_STORE}): one window per event at its input record's
 * timestamp, read back while that lies within {@code gate.dedup-retention} of the wall clock. One
 * store write (one changelog record) per event and none to forget it: RocksDB drops a whole segment
 * once its events are past the retention, and the changelog topic (compact, delete) does the same.
 *
 * <p>Gates before this one kept a key-value store by eventId and a time index of it (two writes per
 * event, two deletes at its expiry): {@link GateTopology#DECISIONS_STORE} and {@link
 * GateTopology#DECISION_EXPIRY_STORE}. What they stored is still read (a redelivery of an event an
 * earlier gate decided is still answered with that decision) and forgotten at its expiry, as
 * before; nothing new is written there, and once they are empty they are not read any more.
 */
final class EventDecisions {

  private final WindowStore<String, GateDecision> decisions;
  private final KeyValueStore<String, GateDecision> legacy;
  private final KeyValueStore<Bytes, String> legacyExpiry;
  private final Duration retention;
  private boolean legacyEmpty;

  EventDecisions(ProcessingContext context, Duration retention) {
    this.decisions = context.getStateStore(GateTopology.EVENT_DECISIONS_STORE);
    this.legacy = context.getStateStore(GateTopology.DECISIONS_STORE);
    this.legacyExpiry = context.getStateStore(GateTopology.DECISION_EXPIRY_STORE);
    this.retention = retention;
    this.legacyEmpty = isEmpty(legacyExpiry);
  }

  /** The event's first decision, if it was decided within the retention before {@code now}. */
  Optional<GateDecision> first(UUID eventId, Instant now) {
    String key = eventId.toString();
    try (WindowStoreIterator<GateDecision> it =
        decisions.fetch(key, now.minus(retention).toEpochMilli(), Long.MAX_VALUE)) {
      if (it.hasNext()) {
        return Optional.of(it.next().value);
      }
    }
    return legacyEmpty ? Optional.empty() : Optional.ofNullable(legacy.get(key));
  }

  /** Remembers an event's first decision, at its input record's timestamp. */
  void remember(UUID eventId, GateDecision decision, long timestamp) {
    decisions.put(eventId.toString(), decision, timestamp);
  }

  /**
   * Forgets what an earlier gate stored and whose retention passed by {@code now} (the window store
   * forgets by itself).
   */
  void forgetDue(Instant now) {
    if (legacyEmpty) {
      return;
    }
    List<KeyValue<Bytes, String>> due = new ArrayList<>();
    try (KeyValueIterator<Bytes, String> it =
        legacyExpiry.range(DueIndex.first(), DueIndex.dueBy(now))) {
      it.forEachRemaining(due::add);
    }
    for (KeyValue<Bytes, String> expired : due) {
      legacyExpiry.delete(expired.key);
      legacy.delete(expired.value);
    }
    legacyEmpty = isEmpty(legacyExpiry);
  }

  private static boolean isEmpty(KeyValueStore<Bytes, String> store) {
    try (KeyValueIterator<Bytes, String> it = store.all()) {
      return !it.hasNext();
    }
  }
}
