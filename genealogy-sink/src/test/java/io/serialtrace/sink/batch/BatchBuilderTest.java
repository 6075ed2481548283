package io.serialtrace.sink.batch;

import static io.serialtrace.sink.TestRecords.completed;
import static io.serialtrace.sink.TestRecords.edge;
import static io.serialtrace.sink.TestRecords.measured;
import static io.serialtrace.sink.TestRecords.started;
import static io.serialtrace.sink.TestRecords.stepStarted;
import static io.serialtrace.sink.TestRecords.violation;
import static io.serialtrace.sink.batch.Records.garbage;
import static io.serialtrace.sink.batch.Records.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.schemas.AuthMethod;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationAcknowledgement;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.ViolationStatus;
import io.serialtrace.schemas.record.RecordHasher;
import io.serialtrace.sink.SinkTopic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BatchBuilderTest {
  private static final String RECORDS = SinkTopic.UNIT_RECORDS.topicName();
  private static final String GENEALOGY = SinkTopic.GENEALOGY.topicName();

  @Test
  void sameRecordsGiveByteIdenticalInsertsInTheSameOrder() {
    // 1. A range of unit records feeding three tables.
    OffsetRange range = new OffsetRange(RECORDS, 2, 10, 12);
    List<Decoded> records =
        List.of(
            value(RECORDS, 2, 10, started("SN-1")),
            value(RECORDS, 2, 11, stepStarted("SN-1", 2)),
            value(RECORDS, 2, 12, measured("SN-1", 3, 4.5)));

    // 2. Built twice.
    Batch first = BatchBuilder.build(range, records);
    Batch second = BatchBuilder.build(range, List.copyOf(records));

    // 3. Same tables, same order, same bytes; the token names the range.
    assertThat(first.inserts())
        .extracting(TableInsert::table)
        .containsExactly(SinkTable.UNIT_RECORDS, SinkTable.MEASUREMENTS, SinkTable.UNITS);
    assertThat(first.inserts()).extracting(TableInsert::rowCount).containsExactly(3, 1, 1);
    for (int i = 0; i < first.inserts().size(); i++) {
      assertThat(second.inserts().get(i).rowBinary().bytes())
          .isEqualTo(first.inserts().get(i).rowBinary().bytes());
    }
    assertThat(first.range().token()).isEqualTo("trace.unit-records.v1:2:10-12");
  }

  @Test
  void unitRecordRowCarriesTheCanonicalEventBytesItsHashWasComputedOver() throws Exception {
    // 1. One unit record whose recordHash is the real one over its content.
    UnitRecord record = measured("SN-1", 3, 4.5);

    // 2. Built into rows.
    byte[] row =
        BatchBuilder.build(new OffsetRange(RECORDS, 0, 4, 4), List.of(value(RECORDS, 0, 4, record)))
            .inserts()
            .getFirst()
            .rowBinary()
            .bytes();

    // 3. event_avro (before event_avro_stored, kafka_partition and kafka_offset, 13 bytes) is
    //    RecordHasher's encoding of the event: a bare Avro datum that reads back to the event, not
    //    registry-framed bytes; event_avro_stored says this sink stores them.
    byte[] canonical = RecordHasher.canonicalEventBytes(record.getEvent());
    byte[] stored = Arrays.copyOfRange(row, row.length - 13 - canonical.length, row.length - 13);
    assertThat(row[row.length - 13]).isEqualTo((byte) 1);
    assertThat(stored).isEqualTo(canonical);
    assertThat(
            new SpecificDatumReader<>(ProductionEvent.class)
                .read(null, DecoderFactory.get().binaryDecoder(stored, null)))
        .isEqualTo(record.getEvent());

    // 4. The stored bytes alone recompute the record's hash.
    assertThat(RecordHasher.hash("SN-1", 3, record.getPrevHash(), stored))
        .isEqualTo(record.getRecordHash());
  }

  @Test
  void unreadableRecordBecomesADeadLetterAndTheRestIsStored() {
    OffsetRange range = new OffsetRange(RECORDS, 0, 0, 2);

    Batch batch =
        BatchBuilder.build(
            range,
            List.of(
                value(RECORDS, 0, 0, started("SN-1")),
                garbage(RECORDS, 0, 1),
                value(RECORDS, 0, 2, stepStarted("SN-1", 2))));

    assertThat(batch.deadLetters()).hasSize(1);
    assertThat(batch.deadLetters().getFirst().source().offset()).isEqualTo(1);
    assertThat(batch.deadLetters().getFirst().reason()).contains("cannot deserialize");
    assertThat(batch.inserts().getFirst().rowCount()).isEqualTo(2);
  }

  @Test
  void edgeWithBothChildSerialAndLotIsADeadLetter() {
    var bad = edge("SN-1", "C-1", false);
    bad.setLotId("LOT-1");

    Batch batch =
        BatchBuilder.build(
            new OffsetRange(GENEALOGY, 0, 5, 6),
            List.of(value(GENEALOGY, 0, 5, bad), value(GENEALOGY, 0, 6, edge("SN-1", "L", true))));

    assertThat(batch.deadLetters())
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).contains("exactly one of childSerial or lotId"));
    assertThat(batch.inserts())
        .singleElement()
        .satisfies(i -> assertThat(i.table()).isEqualTo(SinkTable.GENEALOGY_EDGES));
  }

  @Test
  void valueOfTheWrongTypeForItsTopicIsADeadLetter() {
    Batch batch =
        BatchBuilder.build(
            new OffsetRange(GENEALOGY, 0, 0, 0), List.of(value(GENEALOGY, 0, 0, completed("SN"))));

    assertThat(batch.deadLetters())
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).contains("UnitCompleted where the topic carries"));
    assertThat(batch.inserts()).isEmpty();
  }

  @Test
  void violationsAndCompletionsGoToTheirTables() {
    String violations = SinkTopic.VIOLATIONS.topicName();
    String completions = SinkTopic.UNITS_COMPLETED.topicName();

    Batch v =
        BatchBuilder.build(
            new OffsetRange(violations, 1, 0, 1),
            List.of(
                value(violations, 1, 0, violation("SN", "V1", false)),
                value(violations, 1, 1, violation("SN", "V1", true))));
    Batch c =
        BatchBuilder.build(
            new OffsetRange(completions, 0, 7, 7),
            List.of(value(completions, 0, 7, completed("SN"))));

    assertThat(v.inserts()).singleElement().satisfies(i -> assertThat(i.rowCount()).isEqualTo(2));
    assertThat(c.inserts())
        .singleElement()
        .satisfies(i -> assertThat(i.table()).isEqualTo(SinkTable.UNITS));
  }

  @ParameterizedTest
  @EnumSource(ViolationStatus.class)
  void everyEndOfAViolationReplacesItsOpenRow(ViolationStatus status) {
    String violations = SinkTopic.VIOLATIONS.topicName();
    Violation v = Violation.newBuilder(violation("SN", "V1", false)).setStatus(status).build();

    byte[] row =
        BatchBuilder.build(
                new OffsetRange(violations, 0, 3, 3), List.of(value(violations, 0, 3, v)))
            .inserts()
            .getFirst()
            .rowBinary()
            .bytes();

    // version is the last column before kafka_partition (4 bytes) and kafka_offset (8 bytes).
    assertThat(row[row.length - 13]).isEqualTo((byte) (status == ViolationStatus.OPEN ? 0 : 1));
  }

  @Test
  void anAcknowledgedNoticeKeepsItsSignatureInTheRow() {
    String violations = SinkTopic.VIOLATIONS.topicName();
    Violation acknowledged =
        Violation.newBuilder(violation("SN", "V2", false))
            .setCode(ViolationCode.DUPLICATE_SERIAL)
            .setStatus(ViolationStatus.ACKNOWLEDGED)
            .setAcknowledgement(
                ViolationAcknowledgement.newBuilder()
                    .setEventId(UUID.randomUUID())
                    .setSignerId("qe-7")
                    .setSignerName("Ada Reviewer")
                    .setSignerRole("QUALITY_ENGINEER")
                    .setMeaning("REVIEWED")
                    .setAuthMethod(AuthMethod.SSO)
                    .setReason("station app retry")
                    .setAcknowledgedAt(Instant.parse("2026-01-01T10:00:00Z"))
                    .build())
            .setEndedAt(Instant.parse("2026-01-01T10:00:01Z"))
            .build();

    byte[] row =
        BatchBuilder.build(
                new OffsetRange(violations, 0, 4, 4),
                List.of(value(violations, 0, 4, acknowledged)))
            .inserts()
            .getFirst()
            .rowBinary()
            .bytes();

    String text = new String(row, StandardCharsets.ISO_8859_1);
    assertThat(text)
        .contains("ACKNOWLEDGED", "Ada Reviewer", "QUALITY_ENGINEER", "REVIEWED", "SSO");
  }

  @Test
  void refusesRecordsOutsideOrOutOfOrderInTheRange() {
    OffsetRange range = new OffsetRange(RECORDS, 0, 10, 11);

    assertThatThrownBy(
            () ->
                BatchBuilder.build(
                    range,
                    List.of(
                        value(RECORDS, 0, 11, started("A")), value(RECORDS, 0, 10, started("B")))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> BatchBuilder.build(range, List.of(value(RECORDS, 0, 12, started("A")))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
