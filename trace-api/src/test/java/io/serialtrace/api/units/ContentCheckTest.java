package io.serialtrace.api.units;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.schemas.ActorType;
import io.serialtrace.schemas.EventSource;
import io.serialtrace.schemas.MeasurementRecorded;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.record.RecordHasher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A stored row checked against the bytes its hash covers, as the sink writes it. */
class ContentCheckTest {
  static final Instant T = Instant.parse("2026-03-02T07:00:00.123456Z");
  static final String PREV = "a".repeat(64);

  static ProductionEvent event() {
    return ProductionEvent.newBuilder()
        .setEventId(UUID.fromString("3f2b8c1a-7d4e-4b6a-9c0d-1e2f3a4b5c6d"))
        .setSerial("SN-1")
        .setPlant("P1")
        .setStation("ST-20")
        .setActor("dev-7")
        .setActorType(ActorType.DEVICE)
        .setEventTime(T)
        .setReceivedTime(T.plusMillis(250))
        .setSource(EventSource.MQTT)
        .setRawPayload(ByteBuffer.wrap(new byte[] {'{', (byte) 0xff, '}'}))
        .setRawContentType("application/json")
        .setPayload(
            MeasurementRecorded.newBuilder()
                .setStepId("torque")
                .setCharacteristic("torque-M4")
                .setValue(14.2)
                .setUnit("Nm")
                .setDeviceId("dev-7")
                .build())
        .build();
  }

  /** The row the sink writes for {@code event} at seq 4 (see genealogy-sink BatchBuilder). */
  static UnitStore.StoredRecord row(ProductionEvent e) {
    byte[] avro = RecordHasher.canonicalEventBytes(e);
    return new UnitStore.StoredRecord(
        "SN-1",
        4,
        e.getEventId().toString(),
        "MeasurementRecorded",
        Optional.of("torque"),
        e.getPlant(),
        e.getStation(),
        e.getActor(),
        "DEVICE",
        e.getEventTime(),
        e.getReceivedTime(),
        e.getReceivedTime().plusMillis(5),
        "MQTT",
        PREV,
        RecordHasher.hash("SN-1", 4, PREV, avro),
        "PUMP",
        "B",
        e.getPayload().toString(),
        Optional.of(new String(new byte[] {'{', (byte) 0xff, '}'}, StandardCharsets.UTF_8)),
        Optional.of(new byte[] {'{', (byte) 0xff, '}'}),
        Optional.of("application/json"),
        Optional.empty(),
        avro,
        true);
  }

  @Test
  void aRowAsTheSinkWritesItMatches() {
    assertThat(ContentCheck.of(row(event()))).isEqualTo(new ContentCheck.Matches());
  }

  @Test
  void anEditedColumnIsNamedEvenThoughTheHashStillRecomputes() {
    // 1. The station column changed; bytes and hashes left alone.
    UnitStore.StoredRecord r = row(event());
    UnitStore.StoredRecord edited =
        new UnitStore.StoredRecord(
            r.serial(),
            r.seq(),
            r.eventId(),
            r.eventType(),
            r.stepId(),
            r.plant(),
            "ST-FORGED",
            r.actor(),
            r.actorType(),
            r.eventTime(),
            r.receivedTime(),
            r.recordedAt(),
            r.source(),
            r.prevHash(),
            r.recordHash(),
            r.routeProduct(),
            r.routeRevision(),
            r.payload(),
            r.rawPayload(),
            r.rawPayloadBytes(),
            r.rawContentType(),
            r.replyTo(),
            r.eventAvro(),
            r.eventAvroStored());

    // 2. Named.
    assertThat(ContentCheck.of(edited))
        .isEqualTo(
            new ContentCheck.Mismatch(
                "column station differs from the hashed event (stored 'ST-FORGED', hashed"
                    + " 'ST-20')"));
  }

  @Test
  void anEditedPayloadValueAndAnEditedRawByteAreCaught() {
    UnitStore.StoredRecord r = row(event());
    UnitStore.StoredRecord payload =
        new UnitStore.StoredRecord(
            r.serial(),
            r.seq(),
            r.eventId(),
            r.eventType(),
            r.stepId(),
            r.plant(),
            r.station(),
            r.actor(),
            r.actorType(),
            r.eventTime(),
            r.receivedTime(),
            r.recordedAt(),
            r.source(),
            r.prevHash(),
            r.recordHash(),
            r.routeProduct(),
            r.routeRevision(),
            r.payload().replace("14.2", "12.0"),
            r.rawPayload(),
            r.rawPayloadBytes(),
            r.rawContentType(),
            r.replyTo(),
            r.eventAvro(),
            r.eventAvroStored());
    UnitStore.StoredRecord raw =
        new UnitStore.StoredRecord(
            r.serial(),
            r.seq(),
            r.eventId(),
            r.eventType(),
            r.stepId(),
            r.plant(),
            r.station(),
            r.actor(),
            r.actorType(),
            r.eventTime(),
            r.receivedTime(),
            r.recordedAt(),
            r.source(),
            r.prevHash(),
            r.recordHash(),
            r.routeProduct(),
            r.routeRevision(),
            r.payload(),
            r.rawPayload(),
            Optional.of(new byte[] {'{', (byte) 0xfe, '}'}),
            r.rawContentType(),
            r.replyTo(),
            r.eventAvro(),
            r.eventAvroStored());

    assertThat(ContentCheck.of(payload)).isInstanceOf(ContentCheck.Mismatch.class);
    assertThat(((ContentCheck.Mismatch) ContentCheck.of(payload)).reason())
        .startsWith("column payload differs");
    assertThat(ContentCheck.of(raw))
        .isEqualTo(new ContentCheck.Mismatch("column raw_payload differs from the hashed event"));
  }

  @Test
  void oneChangedEventByteNoLongerHashesToTheRecordHash() {
    UnitStore.StoredRecord r = row(event());
    r.eventAvro()[r.eventAvro().length - 3] ^= 1;

    assertThat(ContentCheck.of(r))
        .isInstanceOfSatisfying(
            ContentCheck.Mismatch.class,
            m -> assertThat(m.reason()).startsWith("recordHash is not the SHA-256"));
  }

  @Test
  void aRowWithoutEventBytesWrittenBeforeTheSinkStoredThemIsNotStoredRatherThanTampered() {
    UnitStore.StoredRecord legacy = withoutEventBytes(row(event()), false);

    assertThat(ContentCheck.of(legacy)).isEqualTo(new ContentCheck.NotStored());
    assertThat(ContentCheck.of(legacy).status()).isEqualTo("NOT_STORED");
  }

  @Test
  void aRowWhoseSinkStoredTheEventBytesButHasNoneLostThem() {
    UnitStore.StoredRecord blanked = withoutEventBytes(row(event()), true);

    assertThat(ContentCheck.of(blanked))
        .isInstanceOfSatisfying(
            ContentCheck.Mismatch.class,
            m -> assertThat(m.reason()).contains("event_avro is empty", "removed"));
  }

  private static UnitStore.StoredRecord withoutEventBytes(
      UnitStore.StoredRecord r, boolean eventAvroStored) {
    return new UnitStore.StoredRecord(
        r.serial(),
        r.seq(),
        r.eventId(),
        r.eventType(),
        r.stepId(),
        r.plant(),
        r.station(),
        r.actor(),
        r.actorType(),
        r.eventTime(),
        r.receivedTime(),
        r.recordedAt(),
        r.source(),
        r.prevHash(),
        r.recordHash(),
        r.routeProduct(),
        r.routeRevision(),
        r.payload(),
        r.rawPayload(),
        r.rawPayloadBytes(),
        r.rawContentType(),
        r.replyTo(),
        new byte[0],
        eventAvroStored);
  }
}
