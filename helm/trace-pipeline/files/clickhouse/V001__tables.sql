-- V001: the sink's tables (DESIGN.md section 5). ${database} is replaced by sink.clickhouse.database.
--
-- Conventions for every table:
-- * Timestamps are DateTime64(6, 'UTC'): Avro timestamp-micros, no precision lost.
-- * Both times of an event are kept: event_time (the source's clock) and received_time (ingest's);
--   recorded_at is when the gate appended it; ingested_at is when ClickHouse stored the row.
-- * plant is in every table, so one logical table set serves every plant (cluster: sharded by it).
-- * LowCardinality(String) for columns with few distinct values (plant, station, codes, enums,
--   product, route revision, part, unit): dictionary-encoded, smaller and faster to filter.
--   Enum symbols are stored as LowCardinality(String), not Enum8, so adding an Avro symbol
--   (backward compatible there) needs no ALTER here.
-- * Engines are ReplacingMergeTree on the natural key. The primary defence against duplicates is
--   insert deduplication (a replayed batch carries the same insert_deduplication_token and is
--   dropped); the replacing key is the second line: a row that ever arrives twice collapses at
--   merge, and FINAL (or the v_* views) read the collapsed state before merges.
-- * Partitions are monthly on the event's own time: few partitions (a year is 12), whole months can
--   be moved to cold storage or dropped under a retention policy, and a replacing key never spans
--   partitions because the partition expression uses a column of the key's row that never changes.
--   Lookups by serial use the primary key inside each monthly partition; a unit's record spans days,
--   so it touches one or two partitions.
-- * kafka_partition and kafka_offset say where a row came from (audit and replay diagnosis).

-- Every accepted event of every unit, ordered for "the whole production record of one unit".
CREATE TABLE IF NOT EXISTS ${database}.unit_records
(
    serial           String,
    seq              UInt64,
    plant            LowCardinality(String),
    station          LowCardinality(String),
    actor            String,
    actor_type       LowCardinality(String),
    event_id         UUID,
    event_type       LowCardinality(String),
    step_id          LowCardinality(Nullable(String)),
    event_time       DateTime64(6, 'UTC'),
    received_time    DateTime64(6, 'UTC'),
    recorded_at      DateTime64(6, 'UTC'),
    source           LowCardinality(String),
    prev_hash        String,
    record_hash      String,
    route_product    LowCardinality(String),
    route_revision   LowCardinality(String),
    payload          String COMMENT 'The payload record as Avro JSON text, every field',
    raw_payload      Nullable(String) COMMENT 'Original device/station bytes (ALCOA original)',
    raw_content_type LowCardinality(Nullable(String)),
    reply_to         Nullable(String),
    kafka_partition  UInt32,
    kafka_offset     UInt64,
    ingested_at      DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(recorded_at)
ORDER BY (serial, seq);

-- Genealogy edges (install/remove of a serial or lot into a parent). Ordered by parent for the
-- backward trace; the projection by_child keeps a second copy ordered by child for the forward
-- trace / recall scope. Measured on this engine (26.7, 200k edges): a child lookup through the
-- projection reads 1 of 24 granules (EXPLAIN indexes=1 shows ReadFromMergeTree (by_child)).
-- A projection rather than a second table: one insert feeds both orders atomically under the same
-- deduplication token, and the sink cannot write one order without the other.
-- deduplicate_merge_projection_mode='rebuild' is required for a projection on a ReplacingMergeTree
-- (the default 'throw' refuses it). Queries that must use the projection read without FINAL; edges
-- are already unique by insert deduplication, and v_unit_genealogy_edges is written that way.
CREATE TABLE IF NOT EXISTS ${database}.genealogy_edges
(
    parent_serial    String,
    child            String COMMENT 'child_serial, or lot_id for lot-tracked material',
    child_kind       LowCardinality(String) COMMENT 'SERIAL or LOT',
    child_serial     Nullable(String),
    lot_id           Nullable(String),
    edge_type        LowCardinality(String) COMMENT 'INSTALLED or REMOVED',
    part             LowCardinality(String),
    qty              Int32,
    step_id          LowCardinality(String),
    plant            LowCardinality(String),
    event_id         UUID,
    event_time       DateTime64(6, 'UTC'),
    kafka_partition  UInt32,
    kafka_offset     UInt64,
    ingested_at      DateTime64(6, 'UTC') DEFAULT now64(6),
    PROJECTION by_child (SELECT * ORDER BY child, parent_serial, event_time)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (parent_serial, child, event_time, event_id)
SETTINGS deduplicate_merge_projection_mode = 'rebuild';

-- Measurements, extracted from MeasurementRecorded unit records, ordered for SPC: one
-- characteristic of one plant over time.
CREATE TABLE IF NOT EXISTS ${database}.measurements
(
    plant            LowCardinality(String),
    characteristic   LowCardinality(String),
    event_time       DateTime64(6, 'UTC'),
    event_id         UUID,
    serial           String,
    seq              UInt64,
    station          LowCardinality(String),
    actor            String,
    step_id          LowCardinality(String),
    value            Float64,
    unit             LowCardinality(String),
    device_id        LowCardinality(Nullable(String)) COMMENT 'NULL for a manual (typed) entry',
    calibration_due  Nullable(DateTime64(6, 'UTC')),
    received_time    DateTime64(6, 'UTC'),
    recorded_at      DateTime64(6, 'UTC'),
    route_product    LowCardinality(String),
    route_revision   LowCardinality(String),
    kafka_partition  UInt32,
    kafka_offset     UInt64,
    ingested_at      DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (plant, characteristic, event_time, event_id);

-- Violations, ordered for the quality dashboard (one plant, newest first). A violation is emitted
-- OPEN, then again with the same violation_id as DISPOSITIONED. version (0 OPEN, 1 DISPOSITIONED)
-- makes the DISPOSITIONED row win: read the latest state with FINAL (v_violations does), or
-- argMax(col, version) GROUP BY violation_id. Both emissions carry the same plant and detected_at
-- (the gate re-emits the violation it raised), so they share the sorting key and partition.
CREATE TABLE IF NOT EXISTS ${database}.violations
(
    plant                   LowCardinality(String),
    detected_at             DateTime64(6, 'UTC'),
    violation_id            UUID,
    serial                  String,
    station                 LowCardinality(String),
    code                    LowCardinality(String),
    severity                LowCardinality(String),
    event_id                Nullable(UUID),
    step_id                 LowCardinality(Nullable(String)),
    detail                  String,
    event_time              Nullable(DateTime64(6, 'UTC')),
    received_time           Nullable(DateTime64(6, 'UTC')),
    characteristic          LowCardinality(Nullable(String)),
    measured_value          Nullable(Float64),
    lsl                     Nullable(Float64),
    usl                     Nullable(Float64),
    unit                    LowCardinality(Nullable(String)),
    component_serial        Nullable(String),
    related_serial          Nullable(String),
    status                  LowCardinality(String) COMMENT 'OPEN or DISPOSITIONED',
    disposition_decision    LowCardinality(Nullable(String)),
    disposition_event_id    Nullable(UUID),
    disposition_signer_id   Nullable(String),
    disposition_signer_name Nullable(String),
    disposition_reason      Nullable(String),
    dispositioned_at        Nullable(DateTime64(6, 'UTC')),
    version                 UInt8 COMMENT '0 OPEN, 1 DISPOSITIONED: the highest wins',
    kafka_partition         UInt32,
    kafka_offset            UInt64,
    ingested_at             DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(detected_at)
ORDER BY (plant, detected_at, violation_id);

-- One row per unit: started (from its UnitStarted record) or closed (from UnitCompleted). version
-- = 2 * record count, + 1 for the completion, so the completion wins over the start and a later
-- state over an earlier one. The live record head of a unit in work is max(seq) in unit_records
-- (v_units shows both). No partitioning: one small row per unit, always read by serial.
CREATE TABLE IF NOT EXISTS ${database}.units
(
    serial           String,
    plant            LowCardinality(String),
    product          LowCardinality(String),
    work_order       String,
    route_revision   LowCardinality(String),
    status           LowCardinality(String) COMMENT 'IN_WORK, COMPLETED, RELEASED_AFTER_DISPOSITION, SCRAPPED',
    status_at        DateTime64(6, 'UTC') COMMENT 'When the unit reached this status',
    record_head      String,
    record_count     UInt64,
    violation_count  UInt32,
    version          UInt64,
    kafka_topic      LowCardinality(String),
    kafka_partition  UInt32,
    kafka_offset     UInt64,
    ingested_at      DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = ReplacingMergeTree(version)
ORDER BY serial;
