package io.serialtrace.api.it;

import io.serialtrace.schemas.ActorType;
import io.serialtrace.schemas.EventSource;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.StepStarted;
import io.serialtrace.schemas.event.Payloads;
import io.serialtrace.schemas.record.RecordHasher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Rows with the sink's column names and value shapes (see genealogy-sink BatchBuilder). */
public final class Rows {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private Rows() {}

  public static String time(Instant instant) {
    return TIME.format(instant);
  }

  public static Map<String, Object> edge(
      String parent,
      String child,
      boolean lot,
      String part,
      String plant,
      Instant at,
      String type) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("parent_serial", parent);
    row.put("child", child);
    row.put("child_kind", lot ? "LOT" : "SERIAL");
    row.put("child_serial", lot ? null : child);
    row.put("lot_id", lot ? child : null);
    row.put("edge_type", type);
    row.put("part", part);
    row.put("qty", 1);
    row.put("step_id", "assemble");
    row.put("plant", plant);
    row.put("event_id", UUID.randomUUID().toString());
    row.put("event_time", time(at));
    row.put("kafka_partition", 0);
    row.put("kafka_offset", 0);
    return row;
  }

  public static Map<String, Object> unit(
      String serial,
      String plant,
      String product,
      String status,
      Instant at,
      String head,
      long records) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("serial", serial);
    row.put("plant", plant);
    row.put("product", product);
    row.put("work_order", "WO-" + product);
    row.put("route_revision", "B");
    row.put("status", status);
    row.put("status_at", time(at));
    row.put("record_head", head);
    row.put("record_count", records);
    row.put("violation_count", 0);
    row.put("version", "IN_WORK".equals(status) ? 2 : 2 * records + 1);
    row.put("kafka_topic", "trace.units-completed.v1");
    row.put("kafka_partition", 0);
    row.put("kafka_offset", 0);
    return row;
  }

  /** An OPEN violation row without an event, a measurement or a disposition. */
  public static Map<String, Object> openViolation(
      String id, String serial, String plant, String station, String code, Instant detectedAt) {
    return violation(
        id, serial, plant, station, code, detectedAt, null, null, null, null, null, null, null);
  }

  /** A violation row; {@code disposition} null for OPEN. */
  public static Map<String, Object> violation(
      String id,
      String serial,
      String plant,
      String station,
      String code,
      Instant detectedAt,
      String eventId,
      Instant eventTime,
      Instant receivedTime,
      Double value,
      Double lsl,
      Double usl,
      Map<String, Object> disposition) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("plant", plant);
    row.put("detected_at", time(detectedAt));
    row.put("violation_id", id);
    row.put("serial", serial);
    row.put("station", station);
    row.put("code", code);
    row.put("severity", "MAJOR");
    row.put("event_id", eventId);
    row.put("step_id", "test");
    row.put("detail", code + " on " + serial);
    row.put("event_time", eventTime == null ? null : time(eventTime));
    row.put("received_time", receivedTime == null ? null : time(receivedTime));
    row.put("characteristic", value == null ? null : "torque");
    row.put("measured_value", value);
    row.put("lsl", lsl);
    row.put("usl", usl);
    row.put("unit", value == null ? null : "Nm");
    row.put("component_serial", null);
    row.put("related_serial", null);
    row.put("status", disposition == null ? "OPEN" : "DISPOSITIONED");
    if (disposition == null) {
      row.put("version", 0);
    } else {
      row.putAll(disposition);
      row.put("version", 1);
    }
    row.put("kafka_partition", 0);
    row.put("kafka_offset", 0);
    return row;
  }

  /** The row of {@code open} (a notice) once acknowledged: the end replaces it (version 1). */
  public static Map<String, Object> acknowledged(
      Map<String, Object> open, String signerName, String meaning, Instant at) {
    Map<String, Object> row = new LinkedHashMap<>(open);
    row.put("status", "ACKNOWLEDGED");
    row.put("version", 1);
    row.put("acknowledgement_event_id", UUID.randomUUID().toString());
    row.put("acknowledgement_signer_id", "qe-" + signerName.length());
    row.put("acknowledgement_signer_name", signerName);
    row.put("acknowledgement_signer_role", "QUALITY_ENGINEER");
    row.put("acknowledgement_meaning", meaning);
    row.put("acknowledgement_auth_method", "SSO");
    row.put("acknowledgement_reason", "station app retry");
    row.put("acknowledged_at", time(at));
    row.put("ended_at", time(at.plusSeconds(1)));
    return row;
  }

  public static Map<String, Object> disposition(
      String decision,
      String signerId,
      String signerName,
      String reason,
      Instant at,
      String eventId) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("disposition_decision", decision);
    d.put("disposition_event_id", eventId);
    d.put("disposition_signer_id", signerId);
    d.put("disposition_signer_name", signerName);
    d.put("disposition_reason", reason);
    d.put("dispositioned_at", time(at));
    return d;
  }

  /**
   * Builds one unit's record with a linked hash chain (prevHash = the previous recordHash). {@link
   * #event} appends a real event the way the gate hashes it and the sink stores it (record_hash by
   * RecordHasher, event_avro = its canonical bytes, event_avro_stored = 1); {@link #add} appends a
   * row as stored before sink migration V003 (no event bytes, a stand-in hash), which can only be
   * checked for linkage.
   */
  public static final class RecordBuilder {
    private final String serial;
    private final String plant;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private String head = "0".repeat(64);

    public RecordBuilder(String serial, String plant) {
      this.serial = serial;
      this.plant = plant;
    }

    /**
     * Four real StepStarted records (steps s0..s3) of {@code serial} in plant P1 at station ST-10
     * by op1, one second apart from {@code start}, entered without lag.
     */
    public static RecordBuilder fourSteps(String serial, Instant start) {
      RecordBuilder record = new RecordBuilder(serial, "P1");
      for (int i = 0; i < 4; i++) {
        record.event(
            "ST-10",
            "op1",
            start.plusSeconds(i),
            start.plusSeconds(i),
            StepStarted.newBuilder().setStepId("s" + i).build());
      }
      return record;
    }

    /**
     * Appends a real event with {@code payload} as the gate records it and the sink stores it;
     * returns its eventId.
     */
    public String event(
        String station, String actor, Instant eventTime, Instant receivedTime, Object payload) {
      UUID eventId = UUID.randomUUID();
      long seq = rows.size() + 1;
      String raw = "{\"seq\":" + seq + "}";
      ProductionEvent event =
          ProductionEvent.newBuilder()
              .setEventId(eventId)
              .setSerial(serial)
              .setPlant(plant)
              .setStation(station)
              .setActor(actor)
              .setActorType(actor.startsWith("dev") ? ActorType.DEVICE : ActorType.OPERATOR)
              .setEventTime(eventTime)
              .setReceivedTime(receivedTime)
              .setSource(EventSource.HTTP)
              .setRawPayload(ByteBuffer.wrap(raw.getBytes(StandardCharsets.UTF_8)))
              .setRawContentType("application/json")
              .setPayload(payload)
              .build();
      byte[] eventAvro = RecordHasher.canonicalEventBytes(event);
      String hash = RecordHasher.hash(serial, seq, head, eventAvro);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("serial", serial);
      row.put("seq", seq);
      row.put("plant", plant);
      row.put("station", station);
      row.put("actor", actor);
      row.put("actor_type", event.getActorType().name());
      row.put("event_id", eventId.toString());
      row.put("event_type", payload.getClass().getSimpleName());
      row.put("step_id", Payloads.stepId(payload).orElse(null));
      row.put("event_time", time(eventTime));
      row.put("received_time", time(receivedTime));
      row.put("recorded_at", time(receivedTime.plusMillis(5)));
      row.put("source", "HTTP");
      row.put("prev_hash", head);
      row.put("record_hash", hash);
      row.put("route_product", "PUMP");
      row.put("route_revision", "B");
      row.put("payload", payload.toString());
      row.put("raw_payload", raw);
      row.put("raw_content_type", "application/json");
      row.put("reply_to", null);
      row.put("event_avro", eventAvro);
      row.put("event_avro_stored", 1);
      row.put("kafka_partition", 0);
      row.put("kafka_offset", seq);
      rows.add(row);
      head = hash;
      return eventId.toString();
    }

    /**
     * Appends a row as stored before sink migration V003 (no event bytes); returns its eventId.
     * {@code payload} is the Avro JSON text.
     */
    public String add(
        String type,
        String stepId,
        String station,
        String actor,
        Instant eventTime,
        Instant receivedTime,
        String payload) {
      String eventId = UUID.randomUUID().toString();
      long seq = rows.size() + 1;
      String hash = sha256(serial + seq + head + eventId + payload);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("serial", serial);
      row.put("seq", seq);
      row.put("plant", plant);
      row.put("station", station);
      row.put("actor", actor);
      row.put("actor_type", actor.startsWith("dev") ? "DEVICE" : "OPERATOR");
      row.put("event_id", eventId);
      row.put("event_type", type);
      row.put("step_id", stepId);
      row.put("event_time", time(eventTime));
      row.put("received_time", time(receivedTime));
      row.put("recorded_at", time(receivedTime.plusMillis(5)));
      row.put("source", "HTTP");
      row.put("prev_hash", head);
      row.put("record_hash", hash);
      row.put("route_product", "PUMP");
      row.put("route_revision", "B");
      row.put("payload", payload);
      row.put("raw_payload", null);
      row.put("raw_content_type", null);
      row.put("reply_to", null);
      row.put("kafka_partition", 0);
      row.put("kafka_offset", seq);
      rows.add(row);
      head = hash;
      return eventId;
    }

    public List<Map<String, Object>> rows() {
      return rows;
    }

    public String head() {
      return head;
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
