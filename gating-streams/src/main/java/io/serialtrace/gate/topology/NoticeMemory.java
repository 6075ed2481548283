package io.serialtrace.gate.topology;

import io.serialtrace.schemas.Violation;
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

/**
 * The gate's refusal notices by violationId, in their latest state, over the stores {@link
 * GateTopology#NOTICES_STORE} and {@link GateTopology#NOTICE_EXPIRY_STORE}: written by the unit's
 * refusals ({@link GateProcessor}) and by the component side's notices about a unit still holding a
 * component ({@link UnitViolationProcessor}), both in the unit's task, so an Acknowledgement of
 * either finds it.
 */
final class NoticeMemory {

  private final KeyValueStore<String, Violation> notices;
  private final KeyValueStore<Bytes, String> expiry;
  private final Duration retention;

  NoticeMemory(ProcessingContext context, Duration retention) {
    this.notices = context.getStateStore(GateTopology.NOTICES_STORE);
    this.expiry = context.getStateStore(GateTopology.NOTICE_EXPIRY_STORE);
    this.retention = retention;
  }

  /**
   * Keeps a notice in its latest state until its retention, counted from when it was raised, has
   * passed; the index key depends only on that, so storing an ended notice again changes nothing in
   * the index.
   */
  void remember(Violation notice) {
    String key = notice.getViolationId().toString();
    notices.put(key, notice);
    expiry.put(DueIndex.key(notice.getDetectedAt().plus(retention), key), key);
  }

  /** The notice remembered under this violationId, open or ended. */
  Optional<Violation> notice(UUID violationId) {
    return Optional.ofNullable(notices.get(violationId.toString()));
  }

  /** Whether a notice is remembered under this violationId (a redelivery of it changes nothing). */
  boolean knows(UUID violationId) {
    return notice(violationId).isPresent();
  }

  /** Forgets every notice whose retention passed by {@code now}; returns them as they were. */
  List<Violation> forgetDue(Instant now) {
    List<KeyValue<Bytes, String>> due = new ArrayList<>();
    try (KeyValueIterator<Bytes, String> it = expiry.range(DueIndex.first(), DueIndex.dueBy(now))) {
      it.forEachRemaining(due::add);
    }
    List<Violation> forgotten = new ArrayList<>();
    for (KeyValue<Bytes, String> entry : due) {
      expiry.delete(entry.key);
      Optional.ofNullable(notices.delete(entry.value)).ifPresent(forgotten::add);
    }
    return forgotten;
  }
}
