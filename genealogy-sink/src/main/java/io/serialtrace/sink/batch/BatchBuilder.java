package io.serialtrace.sink.batch;

import io.serialtrace.schemas.GenealogyEdge;
import io.serialtrace.schemas.MeasurementRecorded;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.UnitCompleted;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.UnitStarted;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationAcknowledgement;
import io.serialtrace.schemas.ViolationDisposition;
import io.serialtrace.schemas.event.Payloads;
import io.serialtrace.schemas.record.RecordHasher;
import io.serialtrace.schemas.violation.ViolationLifecycle;
import io.serialtrace.sink.SinkTopic;
import io.serialtrace.sink.closure.LinkKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns the decoded records of one offset range into ClickHouse rows. Pure: no clock, no I/O, no
 * state; the same records give the same bytes in the same order, which is what lets ClickHouse drop
 * a replayed insert by its token. A record that cannot be mapped becomes a dead letter and the rest
 * of the range goes on.
 */
public final class BatchBuilder {
  /** units.status of a unit whose UnitStarted was recorded and which is not closed yet. */
  public static final String IN_WORK = "IN_WORK";

  private BatchBuilder() {}

  /**
   * The batch of {@code range} from its records, read once in offset order: a lazy sequence
   * (decoded as it is read) keeps one decoded record at a time in memory, not the whole batch.
   */
  public static Batch build(OffsetRange range, Iterable<? extends Decoded> records) {
    Map<SinkTable, RowBinaryRows> rows = new EnumMap<>(SinkTable.class);
    List<DeadLetter> deadLetters = new ArrayList<>();
    Set<LinkKey> links = new LinkedHashSet<>();
    long previous = -1;
    for (Decoded decoded : records) {
      SourceRecord source = decoded.source();
      if (!source.topic().equals(range.topic())
          || source.partition() != range.partition()
          || source.offset() < range.first()
          || source.offset() > range.last()
          || source.offset() <= previous) {
        throw new IllegalArgumentException(
            "record " + source.where() + " is not in offset order within " + range);
      }
      previous = source.offset();
      switch (decoded) {
        case Decoded.Undecodable undecodable ->
            deadLetters.add(new DeadLetter(source, undecodable.reason()));
        case Decoded.Value value -> {
          Optional<String> refused = map(rows, source, value.value());
          refused.ifPresent(reason -> deadLetters.add(new DeadLetter(source, reason)));
          if (refused.isEmpty() && value.value() instanceof GenealogyEdge edge) {
            links.add(new LinkKey(edge.getParentSerial(), child(edge)));
          }
        }
      }
    }
    return new Batch(range, inserts(rows), deadLetters, links);
  }

  private static List<TableInsert> inserts(Map<SinkTable, RowBinaryRows> rows) {
    List<TableInsert> inserts = new ArrayList<>();
    for (SinkTable table : SinkTable.values()) {
      RowBinaryRows tableRows = rows.get(table);
      if (tableRows != null && tableRows.rowCount() > 0) {
        inserts.add(new TableInsert(table, tableRows.rowCount(), tableRows.data()));
      }
    }
    return inserts;
  }

  /** Maps one value into rows; the reason it cannot be stored, or empty when it was. */
  private static Optional<String> map(
      Map<SinkTable, RowBinaryRows> rows, SourceRecord source, SpecificRecord value) {
    Optional<SinkTopic> topic = SinkTopic.byName(source.topic());
    if (topic.isEmpty()) {
      return Optional.of("topic " + source.topic() + " is not one the sink stores");
    }
    return switch (topic.get()) {
      case UNIT_RECORDS ->
          value instanceof UnitRecord record
              ? unitRecord(rows, source, record)
              : wrongType(value, UnitRecord.class);
      case VIOLATIONS ->
          value instanceof Violation violation
              ? violation(rows, source, violation)
              : wrongType(value, Violation.class);
      case GENEALOGY ->
          value instanceof GenealogyEdge edge
              ? genealogyEdge(rows, source, edge)
              : wrongType(value, GenealogyEdge.class);
      case UNITS_COMPLETED ->
          value instanceof UnitCompleted completed
              ? unitCompleted(rows, source, completed)
              : wrongType(value, UnitCompleted.class);
    };
  }

  private static Optional<String> wrongType(SpecificRecord value, Class<?> expected) {
    return Optional.of(
        "value is a "
            + value.getSchema().getFullName()
            + " where the topic carries "
            + expected.getName());
  }

  private static Optional<String> unitRecord(
      Map<SinkTable, RowBinaryRows> rows, SourceRecord source, UnitRecord record) {
    ProductionEvent event = record.getEvent();
    Object payload = event.getPayload();
    rows.computeIfAbsent(SinkTable.UNIT_RECORDS, RowBinaryRows::new)
        .string("serial", record.getSerial())
        .uint64("seq", record.getSeq())
        .string("plant", event.getPlant())
        .string("station", event.getStation())
        .string("actor", event.getActor())
        .string("actor_type", event.getActorType().name())
        .uuid("event_id", event.getEventId())
        .string("event_type", payload.getClass().getSimpleName())
        .nullableString("step_id", Payloads.stepId(payload).orElse(null))
        .dateTime64("event_time", event.getEventTime())
        .dateTime64("received_time", event.getReceivedTime())
        .dateTime64("recorded_at", record.getRecordedAt())
        .string("source", event.getSource().name())
        .string("prev_hash", record.getPrevHash())
        .string("record_hash", record.getRecordHash())
        .string("route_product", record.getRouteProduct())
        .string("route_revision", record.getRouteRevision())
        .string("payload", payload.toString())
        .nullableBytes("raw_payload", bytes(event.getRawPayload()))
        .nullableString("raw_content_type", event.getRawContentType())
        .nullableString("reply_to", event.getReplyTo())
        // The event re-encoded by the shared recipe, not the value's registry-framed Kafka bytes:
        // these are the exact bytes record_hash covers, so the row alone proves its hash.
        .byteString("event_avro", RecordHasher.canonicalEventBytes(event))
        // This sink stores the bytes: a row that says so and has none lost them (trace-api).
        .uint8("event_avro_stored", 1)
        .uint32("kafka_partition", source.partition())
        .uint64("kafka_offset", source.offset())
        .endRow();
    if (payload instanceof MeasurementRecorded measurement) {
      rows.computeIfAbsent(SinkTable.MEASUREMENTS, RowBinaryRows::new)
          .string("plant", event.getPlant())
          .string("characteristic", measurement.getCharacteristic())
          .dateTime64("event_time", event.getEventTime())
          .uuid("event_id", event.getEventId())
          .string("serial", record.getSerial())
          .uint64("seq", record.getSeq())
          .string("station", event.getStation())
          .string("actor", event.getActor())
          .string("step_id", measurement.getStepId())
          .float64("value", measurement.getValue())
          .string("unit", measurement.getUnit())
          .nullableString("device_id", measurement.getDeviceId())
          .nullableDateTime64("calibration_due", measurement.getCalibrationDue())
          .dateTime64("received_time", event.getReceivedTime())
          .dateTime64("recorded_at", record.getRecordedAt())
          .string("route_product", record.getRouteProduct())
          .string("route_revision", record.getRouteRevision())
          .uint32("kafka_partition", source.partition())
          .uint64("kafka_offset", source.offset())
          .endRow();
    }
    if (payload instanceof UnitStarted started) {
      rows.computeIfAbsent(SinkTable.UNITS, RowBinaryRows::new)
          .string("serial", record.getSerial())
          .string("plant", event.getPlant())
          .string("product", started.getProduct())
          .string("work_order", started.getWorkOrder())
          .string("route_revision", record.getRouteRevision())
          .string("status", IN_WORK)
          .dateTime64("status_at", event.getEventTime())
          .string("record_head", record.getRecordHash())
          .uint64("record_count", record.getSeq())
          .uint32("violation_count", 0)
          .uint64("version", 2 * record.getSeq())
          .string("kafka_topic", source.topic())
          .uint32("kafka_partition", source.partition())
          .uint64("kafka_offset", source.offset())
          .endRow();
    }
    return Optional.empty();
  }

  private static Optional<String> violation(
      Map<SinkTable, RowBinaryRows> rows, SourceRecord source, Violation violation) {
    Optional<ViolationDisposition> disposition = Optional.ofNullable(violation.getDisposition());
    Optional<ViolationAcknowledgement> acknowledgement =
        Optional.ofNullable(violation.getAcknowledgement());
    rows.computeIfAbsent(SinkTable.VIOLATIONS, RowBinaryRows::new)
        .string("plant", violation.getPlant())
        .dateTime64("detected_at", violation.getDetectedAt())
        .uuid("violation_id", violation.getViolationId())
        .string("serial", violation.getSerial())
        .string("station", violation.getStation())
        .string("code", violation.getCode().name())
        .string("severity", violation.getSeverity().name())
        .nullableUuid("event_id", violation.getEventId())
        .nullableString("step_id", violation.getStepId())
        .string("detail", violation.getDetail())
        .nullableDateTime64("event_time", violation.getEventTime())
        .nullableDateTime64("received_time", violation.getReceivedTime())
        .nullableString("characteristic", violation.getCharacteristic())
        .nullableFloat64("measured_value", violation.getMeasuredValue())
        .nullableFloat64("lsl", violation.getLsl())
        .nullableFloat64("usl", violation.getUsl())
        .nullableString("unit", violation.getUnit())
        .nullableString("component_serial", violation.getComponentSerial())
        .nullableString("related_serial", violation.getRelatedSerial())
        .string("status", violation.getStatus().name())
        .nullableString(
            "disposition_decision", disposition.map(d -> d.getDecision().name()).orElse(null))
        .nullableUuid(
            "disposition_event_id", disposition.map(ViolationDisposition::getEventId).orElse(null))
        .nullableString(
            "disposition_signer_id",
            disposition.map(ViolationDisposition::getSignerId).orElse(null))
        .nullableString(
            "disposition_signer_name",
            disposition.map(ViolationDisposition::getSignerName).orElse(null))
        .nullableString(
            "disposition_reason", disposition.map(ViolationDisposition::getReason).orElse(null))
        .nullableDateTime64(
            "dispositioned_at",
            disposition.map(ViolationDisposition::getDispositionedAt).orElse(null))
        .nullableUuid(
            "acknowledgement_event_id",
            acknowledgement.map(ViolationAcknowledgement::getEventId).orElse(null))
        .nullableString(
            "acknowledgement_signer_id",
            acknowledgement.map(ViolationAcknowledgement::getSignerId).orElse(null))
        .nullableString(
            "acknowledgement_signer_name",
            acknowledgement.map(ViolationAcknowledgement::getSignerName).orElse(null))
        .nullableString(
            "acknowledgement_signer_role",
            acknowledgement.map(ViolationAcknowledgement::getSignerRole).orElse(null))
        .nullableString(
            "acknowledgement_meaning",
            acknowledgement.map(ViolationAcknowledgement::getMeaning).orElse(null))
        .nullableString(
            "acknowledgement_auth_method",
            acknowledgement.map(a -> a.getAuthMethod().name()).orElse(null))
        .nullableString(
            "acknowledgement_reason",
            acknowledgement.map(ViolationAcknowledgement::getReason).orElse(null))
        .nullableDateTime64(
            "acknowledged_at",
            acknowledgement.map(ViolationAcknowledgement::getAcknowledgedAt).orElse(null))
        .nullableDateTime64("ended_at", violation.getEndedAt())
        // Every end replaces the OPEN row (ReplacingMergeTree(version)).
        .uint8("version", ViolationLifecycle.isOpen(violation.getStatus()) ? 0 : 1)
        .uint32("kafka_partition", source.partition())
        .uint64("kafka_offset", source.offset())
        .endRow();
    return Optional.empty();
  }

  private static Optional<String> genealogyEdge(
      Map<SinkTable, RowBinaryRows> rows, SourceRecord source, GenealogyEdge edge) {
    boolean serialized = edge.getChildSerial() != null;
    boolean lot = edge.getLotId() != null;
    if (serialized == lot) {
      return Optional.of(
          "GenealogyEdge must have exactly one of childSerial or lotId; it has "
              + (serialized ? "both" : "neither"));
    }
    rows.computeIfAbsent(SinkTable.GENEALOGY_EDGES, RowBinaryRows::new)
        .string("parent_serial", edge.getParentSerial())
        .string("child", child(edge))
        .string("child_kind", serialized ? "SERIAL" : "LOT")
        .nullableString("child_serial", edge.getChildSerial())
        .nullableString("lot_id", edge.getLotId())
        .string("edge_type", edge.getEdgeType().name())
        .string("part", edge.getPart())
        .int32("qty", edge.getQty())
        .string("step_id", edge.getStepId())
        .string("plant", edge.getPlant())
        .uuid("event_id", edge.getEventId())
        .dateTime64("event_time", edge.getEventTime())
        .uint32("kafka_partition", source.partition())
        .uint64("kafka_offset", source.offset())
        .endRow();
    return Optional.empty();
  }

  /** The edge's child: the serial, or the lot id for lot-tracked material. */
  private static String child(GenealogyEdge edge) {
    return edge.getChildSerial() != null ? edge.getChildSerial() : edge.getLotId();
  }

  private static Optional<String> unitCompleted(
      Map<SinkTable, RowBinaryRows> rows, SourceRecord source, UnitCompleted completed) {
    rows.computeIfAbsent(SinkTable.UNITS, RowBinaryRows::new)
        .string("serial", completed.getSerial())
        .string("plant", completed.getPlant())
        .string("product", completed.getProduct())
        .string("work_order", completed.getWorkOrder())
        .string("route_revision", completed.getRouteRevision())
        .string("status", completed.getStatus().name())
        .dateTime64("status_at", completed.getCompletedAt())
        .string("record_head", completed.getRecordHead())
        .uint64("record_count", completed.getRecordCount())
        .uint32("violation_count", completed.getViolationCount())
        .uint64("version", 2 * completed.getRecordCount() + 1)
        .string("kafka_topic", source.topic())
        .uint32("kafka_partition", source.partition())
        .uint64("kafka_offset", source.offset())
        .endRow();
    return Optional.empty();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
