package io.serialtrace.api.units;

import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.event.Payloads;
import io.serialtrace.schemas.record.RecordHasher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Whether one stored record's content still is what its recordHash was computed over. Two checks,
 * both needed: (1) the hash recomputed with the shared recipe ({@link RecordHasher}) from the
 * stored serial, seq, prev_hash and event bytes ({@code unit_records.event_avro}) equals the stored
 * record_hash — so the bytes are the ones the gate hashed; (2) every readable event column (ids,
 * plant, station, actor, times, source, payload text, raw payload, content type, replyTo) equals
 * what those bytes decode to — so an edit of a column that leaves the bytes alone is caught too.
 * Pure: no I/O.
 */
public sealed interface ContentCheck {

  /** Both checks passed. */
  record Matches() implements ContentCheck {}

  /**
   * The row has no event bytes and was written before the sink stored them (sink migration V003):
   * linkage only.
   */
  record NotStored() implements ContentCheck {}

  /** The content is not what was hashed; {@code reason} names the hash or the column. */
  record Mismatch(String reason) implements ContentCheck {}

  /** Status word for the API: MATCHES, NOT_STORED or MISMATCH. */
  default String status() {
    return switch (this) {
      case Matches m -> "MATCHES";
      case NotStored n -> "NOT_STORED";
      case Mismatch m -> "MISMATCH";
    };
  }

  static ContentCheck of(UnitStore.StoredRecord r) {
    if (r.eventAvro().length == 0) {
      return r.eventAvroStored()
          ? new Mismatch(
              "event_avro is empty on a row written by a sink that stores the event bytes"
                  + " (event_avro_stored = 1): the bytes were removed")
          : new NotStored();
    }
    String recomputed = RecordHasher.hash(r.serial(), r.seq(), r.prevHash(), r.eventAvro());
    if (!recomputed.equals(r.recordHash())) {
      return new Mismatch(
          "recordHash is not the SHA-256 of the stored serial, seq, prevHash and event bytes"
              + " (recomputed "
              + recomputed
              + ")");
    }
    ProductionEvent event;
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(r.eventAvro(), null);
      event = new SpecificDatumReader<>(ProductionEvent.class).read(null, decoder);
      if (!decoder.isEnd()) {
        return new Mismatch("event_avro has bytes after the ProductionEvent");
      }
    } catch (IOException | RuntimeException e) {
      return new Mismatch("event_avro is not a readable ProductionEvent: " + e.getMessage());
    }
    return firstDifference(r, event).<ContentCheck>map(Mismatch::new).orElse(new Matches());
  }

  private static Optional<String> firstDifference(UnitStore.StoredRecord r, ProductionEvent e) {
    Object payload = e.getPayload();
    Object[][] columns = {
      {"serial", r.serial(), e.getSerial()},
      {"event_id", r.eventId(), e.getEventId().toString()},
      {"event_type", r.eventType(), payload.getClass().getSimpleName()},
      {"step_id", r.stepId(), Payloads.stepId(payload)},
      {"plant", r.plant(), e.getPlant()},
      {"station", r.station(), e.getStation()},
      {"actor", r.actor(), e.getActor()},
      {"actor_type", r.actorType(), e.getActorType().name()},
      {"event_time", r.eventTime(), e.getEventTime()},
      {"received_time", r.receivedTime(), e.getReceivedTime()},
      {"source", r.source(), e.getSource().name()},
      {"payload", r.payload(), payload.toString()},
      {"raw_content_type", r.rawContentType(), Optional.ofNullable(e.getRawContentType())},
      {"reply_to", r.replyTo(), Optional.ofNullable(e.getReplyTo())},
    };
    for (Object[] column : columns) {
      if (!Objects.equals(column[1], column[2])) {
        return Optional.of(
            "column "
                + column[0]
                + " differs from the hashed event (stored "
                + show(column[1])
                + ", hashed "
                + show(column[2])
                + ")");
      }
    }
    Optional<byte[]> hashedRaw = Optional.ofNullable(e.getRawPayload()).map(ContentCheck::bytes);
    boolean rawEqual =
        r.rawPayloadBytes().isPresent() == hashedRaw.isPresent()
            && (hashedRaw.isEmpty() || Arrays.equals(r.rawPayloadBytes().get(), hashedRaw.get()));
    return rawEqual
        ? Optional.empty()
        : Optional.of("column raw_payload differs from the hashed event");
  }

  private static String show(Object value) {
    Object plain = value instanceof Optional<?> o ? o.orElse(null) : value;
    return plain == null ? "null" : "'" + plain + "'";
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }
}
