package io.serialtrace.api.units;

import io.serialtrace.api.store.ClickHouseStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Unit-level queries: units (FINAL), the live record head, violations of a unit or a unit set. */
@ApplicationScoped
public class UnitStore {
  private final ClickHouseStore store;

  public UnitStore(ClickHouseStore store) {
    this.store = store;
  }

  /** The stored unit row: what units FINAL holds. */
  public record StoredUnit(
      String serial,
      String plant,
      String product,
      String workOrder,
      String routeRevision,
      String status,
      Instant statusAt,
      String recordHead) {}

  /**
   * The head of a unit's record in unit_records; {@code plant} is the plant its records were made
   * in (empty without records).
   */
  public record RecordHead(
      long count,
      String head,
      Optional<Instant> firstEventAt,
      Optional<Instant> lastEventAt,
      String plant) {}

  public Optional<UnitSummary> summary(String serial) {
    Optional<StoredUnit> unit = units(List.of(serial)).values().stream().findFirst();
    RecordHead head = head(serial);
    if (unit.isEmpty() && head.count() == 0) {
      return Optional.empty();
    }
    List<ViolationView> open =
        store.query(
            "SELECT "
                + ViolationColumns.SELECT
                + " FROM "
                + store.table("violations")
                + " FINAL WHERE serial = "
                + ClickHouseStore.literal(serial)
                + " AND status = 'OPEN' ORDER BY detected_at, violation_id",
            ViolationColumns::map);
    // Notices never hold the unit: counted and listed apart from the violations that do.
    List<ViolationView> holding = open.stream().filter(DerivedUnitStatus::holds).toList();
    List<ViolationView> notices = open.stream().filter(v -> !DerivedUnitStatus.holds(v)).toList();
    String storedStatus = unit.map(StoredUnit::status).orElse("UNKNOWN");
    Optional<Instant> finishedAt =
        unit.filter(u -> !"IN_WORK".equals(u.status())).map(StoredUnit::statusAt);
    return Optional.of(
        new UnitSummary(
            serial,
            DerivedUnitStatus.of(storedStatus, holding.size()),
            storedStatus,
            unit.map(StoredUnit::product).orElse(""),
            unit.map(StoredUnit::routeRevision).orElse(""),
            unit.map(StoredUnit::workOrder).orElse(""),
            unit.map(StoredUnit::plant).filter(p -> !p.isEmpty()).orElse(head.plant()),
            head.firstEventAt(),
            finishedAt,
            head.lastEventAt(),
            head.head(),
            head.count(),
            holding.size(),
            holding,
            notices.size(),
            notices));
  }

  /** units FINAL rows for {@code serials}, by serial (absent serials are missing from the map). */
  public Map<String, StoredUnit> units(Collection<String> serials) {
    Map<String, StoredUnit> units = new HashMap<>();
    if (serials.isEmpty()) {
      return units;
    }
    for (StoredUnit unit :
        store.query(
            "SELECT serial, plant, product, work_order, route_revision, status,"
                + " toUnixTimestamp64Micro(status_at) AS status_us, record_head FROM "
                + store.table("units")
                + " FINAL WHERE serial IN "
                + ClickHouseStore.inList(serials),
            row ->
                new StoredUnit(
                    row.text("serial"),
                    row.text("plant"),
                    row.text("product"),
                    row.text("work_order"),
                    row.text("route_revision"),
                    row.text("status"),
                    row.micros("status_us"),
                    row.text("record_head")))) {
      units.put(unit.serial(), unit);
    }
    return units;
  }

  /**
   * Count of OPEN violations that hold their unit ({@link DerivedUnitStatus#HOLDING_CODE_SQL};
   * notices are not counted), per serial (latest state by argMax over version, so no FINAL is
   * needed). The violations table is ordered by (plant, detected_at): this filter scans it — see
   * the README on the missing serial index.
   */
  public Map<String, Long> openViolationCounts(Collection<String> serials) {
    Map<String, Long> counts = new HashMap<>();
    if (serials.isEmpty()) {
      return counts;
    }
    store
        .query(
            "SELECT serial, countIf(latest = 'OPEN') AS open FROM (SELECT serial,"
                + " argMax(status, version) AS latest FROM "
                + store.table("violations")
                + " WHERE serial IN "
                + ClickHouseStore.inList(serials)
                + " AND "
                + DerivedUnitStatus.HOLDING_CODE_SQL
                + " GROUP BY serial, violation_id) GROUP BY serial",
            row -> Map.entry(row.text("serial"), row.number("open")))
        .forEach(e -> counts.put(e.getKey(), e.getValue()));
    return counts;
  }

  public RecordHead head(String serial) {
    return store
        .query(
            "SELECT uniqExact(seq) AS records, argMax(record_hash, seq) AS head,"
                + " argMin(plant, seq) AS first_plant,"
                + " toUnixTimestamp64Micro(min(event_time)) AS first_us,"
                + " toUnixTimestamp64Micro(max(event_time)) AS last_us FROM "
                + store.table("unit_records")
                + " WHERE serial = "
                + ClickHouseStore.literal(serial),
            row -> {
              long count = row.number("records");
              return count == 0
                  ? new RecordHead(0, "", Optional.empty(), Optional.empty(), "")
                  : new RecordHead(
                      count,
                      row.text("head"),
                      Optional.of(row.micros("first_us")),
                      Optional.of(row.micros("last_us")),
                      row.text("first_plant"));
            })
        .getFirst();
  }

  /** Every violation of a unit in its latest state, oldest first. */
  public List<ViolationView> violations(String serial) {
    return store.query(
        "SELECT "
            + ViolationColumns.SELECT
            + " FROM "
            + store.table("violations")
            + " FINAL WHERE serial = "
            + ClickHouseStore.literal(serial)
            + " ORDER BY detected_at, violation_id",
        ViolationColumns::map);
  }

  /**
   * A stored unit_records row, as the sink wrote it. {@code rawPayloadBytes} and {@code eventAvro}
   * are the stored bytes (hex on the wire, so non-UTF-8 bytes survive); {@code eventAvro} is empty
   * for rows written before sink migration V003. {@code eventAvroStored}: the row was written by a
   * sink that stores the bytes (unit_records.event_avro_stored, sink migration V006).
   */
  public record StoredRecord(
      String serial,
      long seq,
      String eventId,
      String eventType,
      Optional<String> stepId,
      String plant,
      String station,
      String actor,
      String actorType,
      Instant eventTime,
      Instant receivedTime,
      Instant recordedAt,
      String source,
      String prevHash,
      String recordHash,
      String routeProduct,
      String routeRevision,
      String payload,
      Optional<String> rawPayload,
      Optional<byte[]> rawPayloadBytes,
      Optional<String> rawContentType,
      Optional<String> replyTo,
      byte[] eventAvro,
      boolean eventAvroStored) {}

  /**
   * Every distinct row of the unit's record in seq order. unit_records keeps every row ever written
   * (sink migration V006): copies identical in content (a redelivery; kafka_partition, kafka_offset
   * and ingested_at say only how it arrived) are one row here, and different rows for one seq all
   * come back, side by side, for the chain check to report.
   */
  public List<StoredRecord> records(String serial) {
    HexFormat hex = HexFormat.of();
    return store.query(
        "SELECT DISTINCT serial, seq, toString(event_id) AS event_id_text, event_type, step_id,"
            + " plant,"
            + " station, actor, actor_type, toUnixTimestamp64Micro(event_time) AS event_us,"
            + " toUnixTimestamp64Micro(received_time) AS received_us,"
            + " toUnixTimestamp64Micro(recorded_at) AS recorded_us, source, prev_hash,"
            + " record_hash, route_product, route_revision, payload, raw_payload,"
            + " hex(raw_payload) AS raw_payload_hex, raw_content_type, reply_to,"
            + " hex(event_avro) AS event_avro_hex, event_avro_stored FROM "
            + store.table("unit_records")
            + " WHERE serial = "
            + ClickHouseStore.literal(serial)
            + " ORDER BY seq, recorded_us, record_hash, event_avro_hex",
        row ->
            new StoredRecord(
                row.text("serial"),
                row.number("seq"),
                row.text("event_id_text"),
                row.text("event_type"),
                row.optionalText("step_id"),
                row.text("plant"),
                row.text("station"),
                row.text("actor"),
                row.text("actor_type"),
                row.micros("event_us"),
                row.micros("received_us"),
                row.micros("recorded_us"),
                row.text("source"),
                row.text("prev_hash"),
                row.text("record_hash"),
                row.text("route_product"),
                row.text("route_revision"),
                row.text("payload"),
                row.optionalText("raw_payload"),
                row.optionalText("raw_payload_hex").map(hex::parseHex),
                row.optionalText("raw_content_type"),
                row.optionalText("reply_to"),
                hex.parseHex(row.text("event_avro_hex")),
                row.number("event_avro_stored") == 1));
  }
}
