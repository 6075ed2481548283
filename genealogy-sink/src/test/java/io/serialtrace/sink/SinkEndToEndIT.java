package io.serialtrace.sink;

import static io.serialtrace.sink.SinkHarness.awaitValue;
import static io.serialtrace.sink.SinkHarness.rows;
import static io.serialtrace.sink.SinkHarness.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.serialtrace.schemas.GenealogyEdge;
import io.serialtrace.schemas.UnitCompleted;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.record.RecordHasher;
import io.serialtrace.sink.schema.MigrationRunner;
import io.serialtrace.sink.schema.Migrations;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records of the gate's four topics, produced with the Apicurio serializer, land in ClickHouse with
 * every field; an unreadable record goes to the dead-letter topic with its bytes and the reason,
 * and the records after it are still stored.
 */
@ExtendWith(LocalStackExtension.class)
class SinkEndToEndIT {

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void everyFieldOfEveryTopicLandsInItsTableAndGarbageGoesToTheDeadLetterTopic(StackEndpoints stack)
      throws Exception {
    // 1. Arrange: topics, a group starting at their end, a fresh database.
    String database = SinkHarness.unique("trace_it_e2e");
    String group = SinkHarness.unique("sink-it-e2e");
    String serial = SinkHarness.unique("SN-E2E");
    SinkHarness.ensureTopics(stack);
    SinkHarness.startGroupAtEnd(stack, group);
    UnitRecord started = TestRecords.started(serial);
    UnitRecord measured = TestRecords.measured(serial, 2, 5.1);
    Violation open = TestRecords.violation(serial, serial + "/V1", false);
    Violation dispositioned = TestRecords.violation(serial, serial + "/V1", true);
    GenealogyEdge board = TestRecords.edge(serial, serial + "-BOARD", false);
    GenealogyEdge glue = TestRecords.edge(serial, serial + "-LOT", true);
    UnitCompleted completed = TestRecords.completed(serial);

    try (Client client = SinkHarness.clickHouse(stack);
        SinkHarness.RunningSink sink =
            new SinkHarness.RunningSink(SinkHarness.settings(stack, database, group))) {
      // 2. Produce: one of each, plus an unreadable value between two good records.
      try (KafkaProducer<String, Object> producer = SinkHarness.producer(stack)) {
        producer.send(new ProducerRecord<>(SinkTopic.UNIT_RECORDS.topicName(), serial, started));
        producer.send(new ProducerRecord<>(SinkTopic.VIOLATIONS.topicName(), serial, open));
        producer.send(new ProducerRecord<>(SinkTopic.GENEALOGY.topicName(), serial, board));
        producer.send(new ProducerRecord<>(SinkTopic.GENEALOGY.topicName(), serial, glue));
        producer.flush();
      }
      try (var raw =
          new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
              Map.of("bootstrap.servers", stack.kafkaBootstrap()),
              new org.apache.kafka.common.serialization.ByteArraySerializer(),
              new org.apache.kafka.common.serialization.ByteArraySerializer())) {
        raw.send(
                new ProducerRecord<>(
                    SinkTopic.UNIT_RECORDS.topicName(),
                    serial.getBytes(StandardCharsets.UTF_8),
                    "not avro".getBytes(StandardCharsets.UTF_8)))
            .get(30, TimeUnit.SECONDS);
      }
      try (KafkaProducer<String, Object> producer = SinkHarness.producer(stack)) {
        producer.send(new ProducerRecord<>(SinkTopic.UNIT_RECORDS.topicName(), serial, measured));
        producer.send(
            new ProducerRecord<>(SinkTopic.VIOLATIONS.topicName(), serial, dispositioned));
        producer.send(
            new ProducerRecord<>(SinkTopic.UNITS_COMPLETED.topicName(), serial, completed));
        producer.flush();
      }

      // 3. Wait for every table (replacing tables counted in their latest state: a background
      //    merge may already have collapsed the OPEN and the DISPOSITIONED row).
      String db = database;
      assertThat(
              awaitValue(
                  () ->
                      scalar(client, "SELECT count() FROM " + db + ".unit_records")
                          + scalar(client, "SELECT count() FROM " + db + ".measurements")
                          + scalar(client, "SELECT count() FROM " + db + ".genealogy_edges")
                          + scalar(
                              client,
                              "SELECT count() FROM "
                                  + db
                                  + ".violations FINAL WHERE status = 'DISPOSITIONED'")
                          + scalar(
                              client,
                              "SELECT count() FROM "
                                  + db
                                  + ".units FINAL WHERE status != 'IN_WORK'"),
                  2 + 1 + 2 + 1 + 1,
                  Duration.ofSeconds(90)))
          .isEqualTo(7);

      // 4. unit_records: every field of the record and its event.
      List<GenericRecord> records =
          rows(
              client,
              "SELECT serial, seq, plant, station, actor, actor_type, toString(event_id) AS id,"
                  + " event_type, ifNull(step_id, '') AS step, toUnixTimestamp64Micro(event_time)"
                  + " AS et, toUnixTimestamp64Micro(received_time) AS rt,"
                  + " toUnixTimestamp64Micro(recorded_at) AS ra, source, prev_hash, record_hash,"
                  + " route_product, route_revision, payload, raw_payload, raw_content_type,"
                  + " reply_to, hex(event_avro) AS event_avro_hex FROM "
                  + db
                  + ".unit_records ORDER BY seq");
      assertThat(records).hasSize(2);
      for (int i = 0; i < 2; i++) {
        UnitRecord expected = i == 0 ? started : measured;
        GenericRecord row = records.get(i);
        var event = expected.getEvent();
        assertThat(row.getString("serial")).isEqualTo(expected.getSerial());
        assertThat(row.getLong("seq")).isEqualTo(expected.getSeq());
        assertThat(row.getString("plant")).isEqualTo(event.getPlant());
        assertThat(row.getString("station")).isEqualTo(event.getStation());
        assertThat(row.getString("actor")).isEqualTo(event.getActor());
        assertThat(row.getString("actor_type")).isEqualTo(event.getActorType().name());
        assertThat(row.getString("id")).isEqualTo(event.getEventId().toString());
        assertThat(row.getString("event_type"))
            .isEqualTo(event.getPayload().getClass().getSimpleName());
        assertThat(row.getString("step")).isEqualTo(i == 0 ? "" : "S20");
        assertThat(row.getLong("et")).isEqualTo(micros(event.getEventTime()));
        assertThat(row.getLong("rt")).isEqualTo(micros(event.getReceivedTime()));
        assertThat(row.getLong("ra")).isEqualTo(micros(expected.getRecordedAt()));
        assertThat(row.getString("source")).isEqualTo(event.getSource().name());
        assertThat(row.getString("prev_hash")).isEqualTo(expected.getPrevHash());
        assertThat(row.getString("record_hash")).isEqualTo(expected.getRecordHash());
        assertThat(row.getString("route_product")).isEqualTo(expected.getRouteProduct());
        assertThat(row.getString("route_revision")).isEqualTo(expected.getRouteRevision());
        assertThat(row.getString("payload")).isEqualTo(event.getPayload().toString());
        assertThat(row.getString("raw_payload"))
            .isEqualTo(StandardCharsets.UTF_8.decode(event.getRawPayload().duplicate()).toString());
        assertThat(row.getString("raw_content_type")).isEqualTo(event.getRawContentType());
        assertThat(row.getString("reply_to")).isEqualTo(event.getReplyTo());
        // The exact bytes the hash covers, read back from ClickHouse, recompute record_hash.
        byte[] eventAvro = HexFormat.of().parseHex(row.getString("event_avro_hex"));
        assertThat(eventAvro).isEqualTo(RecordHasher.canonicalEventBytes(event));
        assertThat(
                RecordHasher.hash(
                    row.getString("serial"),
                    row.getLong("seq"),
                    row.getString("prev_hash"),
                    eventAvro))
            .isEqualTo(row.getString("record_hash"));
      }

      // 5. measurements: extracted from the MeasurementRecorded record.
      GenericRecord measurement =
          rows(
                  client,
                  "SELECT plant, characteristic, value, unit, device_id, step_id, serial, seq,"
                      + " toUnixTimestamp64Micro(assumeNotNull(calibration_due)) AS due FROM "
                      + db
                      + ".measurements")
              .getFirst();
      assertThat(measurement.getString("characteristic")).isEqualTo("torque-M4");
      assertThat(measurement.getDouble("value")).isEqualTo(5.1);
      assertThat(measurement.getString("unit")).isEqualTo("Nm");
      assertThat(measurement.getString("device_id")).isEqualTo("TQ-3");
      assertThat(measurement.getString("step_id")).isEqualTo("S20");
      assertThat(measurement.getLong("seq")).isEqualTo(2);
      assertThat(measurement.getLong("due")).isEqualTo(micros(TestRecords.T0.plusSeconds(86_400)));

      // 6. violations: the latest state is DISPOSITIONED with the signed disposition.
      GenericRecord violation =
          rows(
                  client,
                  "SELECT toString(violation_id) AS id, serial, plant, station, code, severity,"
                      + " toString(event_id) AS eid, step_id, detail, characteristic, measured_value,"
                      + " lsl, usl, unit, component_serial, related_serial, status,"
                      + " disposition_decision, disposition_signer_id, disposition_signer_name,"
                      + " disposition_reason, toUnixTimestamp64Micro(assumeNotNull(dispositioned_at))"
                      + " AS dat, toUnixTimestamp64Micro(detected_at) AS det FROM "
                      + db
                      + ".v_violations")
              .getFirst();
      assertThat(violation.getString("id")).isEqualTo(dispositioned.getViolationId().toString());
      assertThat(violation.getString("code")).isEqualTo("TOLERANCE_BREACH");
      assertThat(violation.getString("severity")).isEqualTo("MAJOR");
      assertThat(violation.getString("eid")).isEqualTo(dispositioned.getEventId().toString());
      assertThat(violation.getString("detail")).isEqualTo(dispositioned.getDetail());
      assertThat(violation.getDouble("measured_value")).isEqualTo(5.1);
      assertThat(violation.getDouble("lsl")).isEqualTo(4.0);
      assertThat(violation.getDouble("usl")).isEqualTo(5.0);
      assertThat(violation.getString("component_serial")).isEqualTo("C-1");
      assertThat(violation.getString("related_serial")).isEqualTo("SN-OTHER");
      assertThat(violation.getString("status")).isEqualTo("DISPOSITIONED");
      assertThat(violation.getString("disposition_decision")).isEqualTo("USE_AS_IS");
      assertThat(violation.getString("disposition_signer_name")).isEqualTo("Q. Engineer");
      assertThat(violation.getString("disposition_reason")).isEqualTo("within functional margin");
      assertThat(violation.getLong("dat")).isEqualTo(micros(TestRecords.T0.plusSeconds(60)));
      assertThat(violation.getLong("det")).isEqualTo(micros(dispositioned.getDetectedAt()));

      // 7. genealogy: both edges, readable by parent and by child (the projection).
      List<GenericRecord> edges =
          rows(
              client,
              "SELECT parent_serial, child, child_kind, ifNull(child_serial, '') AS cs,"
                  + " ifNull(lot_id, '') AS lot, edge_type, part, qty, step_id, plant,"
                  + " toString(event_id) AS id FROM "
                  + db
                  + ".v_unit_genealogy_edges WHERE parent_serial = '"
                  + serial
                  + "' ORDER BY child");
      assertThat(edges).hasSize(2);
      assertThat(edges.get(0).getString("child")).isEqualTo(serial + "-BOARD");
      assertThat(edges.get(0).getString("child_kind")).isEqualTo("SERIAL");
      assertThat(edges.get(0).getString("cs")).isEqualTo(serial + "-BOARD");
      assertThat(edges.get(0).getString("part")).isEqualTo("BOARD-7");
      assertThat(edges.get(0).getString("id")).isEqualTo(board.getEventId().toString());
      assertThat(edges.get(1).getString("child_kind")).isEqualTo("LOT");
      assertThat(edges.get(1).getString("lot")).isEqualTo(serial + "-LOT");
      assertThat(edges.get(1).getLong("qty")).isEqualTo(3);
      assertThat(
              scalar(
                  client,
                  "SELECT count() FROM "
                      + db
                      + ".genealogy_edges WHERE child = '"
                      + serial
                      + "-LOT'"))
          .isEqualTo(1);

      // 8. units: the completion wins over the start.
      GenericRecord unit =
          rows(
                  client,
                  "SELECT status, product, work_order, route_revision, record_head, record_count,"
                      + " violation_count FROM "
                      + db
                      + ".units FINAL")
              .getFirst();
      assertThat(unit.getString("status")).isEqualTo("RELEASED_AFTER_DISPOSITION");
      assertThat(unit.getString("work_order")).isEqualTo("WO-9");
      assertThat(unit.getString("record_head")).isEqualTo(completed.getRecordHead());
      assertThat(unit.getLong("record_count")).isEqualTo(9);
      assertThat(unit.getLong("violation_count")).isEqualTo(1);

      // 9. The analyst views answer.
      assertThat(
              scalar(
                  client,
                  "SELECT count() FROM " + db + ".v_measurements_spc WHERE out_of_tolerance"))
          .isEqualTo(1);
      assertThat(
              scalar(
                  client, "SELECT sum(records) FROM " + db + ".v_contemporaneity_by_station_shift"))
          .isEqualTo(2);

      // 10. The garbage record is on the dead-letter topic, bytes intact, reason in a header.
      ConsumerRecord<byte[], byte[]> letter = deadLetterFor(stack, serial);
      assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
      assertThat(header(letter, "sink.reason")).contains("cannot deserialize");
      assertThat(header(letter, "sink.source.topic")).isEqualTo(SinkTopic.UNIT_RECORDS.topicName());

      // 11. Migrations are recorded once; a second run applies nothing.
      assertThat(scalar(client, "SELECT count() FROM " + db + ".schema_migrations FINAL"))
          .isEqualTo(Migrations.shipped().size());
      assertThat(new MigrationRunner(client, db).migrate(Migrations.shipped())).isEmpty();
    } finally {
      try (Client client = SinkHarness.clickHouse(stack)) {
        SinkHarness.dropDatabase(client, database);
      }
    }
  }

  private static long micros(java.time.Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static ConsumerRecord<byte[], byte[]> deadLetterFor(StackEndpoints stack, String serial) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, SinkHarness.unique("dlq-reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of("trace.sink-dlq.v1"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      List<ConsumerRecord<byte[], byte[]>> mine = new ArrayList<>();
      while (mine.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(serial)) {
            mine.add(r);
          }
        }
      }
      assertThat(mine).isNotEmpty();
      return mine.getFirst();
    }
  }
}
