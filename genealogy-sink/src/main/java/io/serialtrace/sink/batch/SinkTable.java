package io.serialtrace.sink.batch;

import java.util.List;

/**
 * The tables the sink inserts into, each with the columns it sends in RowBinary, in the order the
 * bytes are written. Columns not listed (ingested_at) take their server-side default.
 */
public enum SinkTable {
  UNIT_RECORDS(
      "unit_records",
      List.of(
          "serial",
          "seq",
          "plant",
          "station",
          "actor",
          "actor_type",
          "event_id",
          "event_type",
          "step_id",
          "event_time",
          "received_time",
          "recorded_at",
          "source",
          "prev_hash",
          "record_hash",
          "route_product",
          "route_revision",
          "payload",
          "raw_payload",
          "raw_content_type",
          "reply_to",
          "event_avro",
          "event_avro_stored",
          "kafka_partition",
          "kafka_offset")),
  GENEALOGY_EDGES(
      "genealogy_edges",
      List.of(
          "parent_serial",
          "child",
          "child_kind",
          "child_serial",
          "lot_id",
          "edge_type",
          "part",
          "qty",
          "step_id",
          "plant",
          "event_id",
          "event_time",
          "kafka_partition",
          "kafka_offset")),
  MEASUREMENTS(
      "measurements",
      List.of(
          "plant",
          "characteristic",
          "event_time",
          "event_id",
          "serial",
          "seq",
          "station",
          "actor",
          "step_id",
          "value",
          "unit",
          "device_id",
          "calibration_due",
          "received_time",
          "recorded_at",
          "route_product",
          "route_revision",
          "kafka_partition",
          "kafka_offset")),
  VIOLATIONS(
      "violations",
      List.of(
          "plant",
          "detected_at",
          "violation_id",
          "serial",
          "station",
          "code",
          "severity",
          "event_id",
          "step_id",
          "detail",
          "event_time",
          "received_time",
          "characteristic",
          "measured_value",
          "lsl",
          "usl",
          "unit",
          "component_serial",
          "related_serial",
          "status",
          "disposition_decision",
          "disposition_event_id",
          "disposition_signer_id",
          "disposition_signer_name",
          "disposition_reason",
          "dispositioned_at",
          "acknowledgement_event_id",
          "acknowledgement_signer_id",
          "acknowledgement_signer_name",
          "acknowledgement_signer_role",
          "acknowledgement_meaning",
          "acknowledgement_auth_method",
          "acknowledgement_reason",
          "acknowledged_at",
          "ended_at",
          "version",
          "kafka_partition",
          "kafka_offset")),
  UNITS(
      "units",
      List.of(
          "serial",
          "plant",
          "product",
          "work_order",
          "route_revision",
          "status",
          "status_at",
          "record_head",
          "record_count",
          "violation_count",
          "version",
          "kafka_topic",
          "kafka_partition",
          "kafka_offset")),
  /**
   * Derived from the genealogy edges after they are stored (io.serialtrace.sink.closure), never
   * from a record of the batch: {@link BatchBuilder} writes no row here.
   */
  GENEALOGY_CLOSURE(
      "genealogy_closure",
      List.of(
          "direction",
          "node",
          "depth",
          "parent_serial",
          "child",
          "child_kind",
          "part",
          "qty",
          "step_id",
          "plant",
          "event_time",
          "installed"));

  private final String tableName;
  private final List<String> columns;

  SinkTable(String tableName, List<String> columns) {
    this.tableName = tableName;
    this.columns = columns;
  }

  public String tableName() {
    return tableName;
  }

  public List<String> columns() {
    return columns;
  }
}
