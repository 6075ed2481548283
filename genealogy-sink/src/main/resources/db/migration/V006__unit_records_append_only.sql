-- V006: unit_records keeps every row ever written (DESIGN.md section 5, "Evidence tables are
-- append-only"; issue 16).
--
-- Until now unit_records was a ReplacingMergeTree on (serial, seq): anyone allowed to INSERT (the
-- sink's account) could insert a modified copy of an existing record, and a background merge then
-- deleted the original for good. A plain MergeTree never removes a row: a second, different row for
-- one (serial, seq) stays beside the original, and trace-api reports it as tampering. Idempotent
-- delivery rests on insert deduplication alone (the sink's insert_deduplication_token per offset
-- range, kept for non_replicated_deduplication_window blocks, set on the table so that it does not
-- depend on the server's configuration). Rows that still arrive twice with identical content (a
-- replay after a crash cut at another batch boundary, or past the window) are collapsed by every
-- reader: trace-api compares rows ignoring kafka_partition, kafka_offset and ingested_at, and the
-- views count one row per (serial, seq).
--
-- event_avro_stored (new): 1 on every row written by a sink that stores the event bytes (the sink
-- sends it from this version on), so an empty event_avro on such a row means the bytes were
-- removed: a chain failure, not "not stored". Existing rows get 1 where their event_avro is
-- non-empty and 0 where it is empty (rows from before V003: honestly "not stored"; a row blanked
-- before this migration is indistinguishable here, but trace-api also refuses a row without bytes
-- after one with bytes in the same unit).
--
-- ClickHouse cannot change a table's engine in place, so the rows move into a new table that then
-- takes the name, atomically (EXCHANGE TABLES), with nothing deleted:
--   1. unit_records_v006 is (re)built from scratch as a copy (a crash while copying leaves only
--      this copy, which the next run drops and rebuilds);
--   2. EXCHANGE: unit_records is now the append-only table, unit_records_v006 the old one;
--   3. rows the old table received while the copy ran (a sink still writing during a chart
--      upgrade) are copied over too: those ingested in the last day and not yet in the new table;
--   4. the old table is kept as unit_records_replacing_v001 for the operator to compare and drop.
-- The move is not idempotent by itself (a second EXCHANGE would swap back), so the statements after
-- the "apply only if" line run only while unit_records is still a ReplacingMergeTree (honoured by
-- the sink's migration runner, the chart's migrations Job and the ITs' database setup); the view
-- before it always runs. On a cluster (unit_records is Distributed) the move is skipped:
-- db/cluster/cluster-layout.sql creates unit_records_local as a ReplicatedMergeTree; an existing
-- cluster moves its *_local tables the same way, by hand, once. Two runners must not apply the move
-- at the same time.

-- Contemporaneity per plant, station and shift (V002's columns, unchanged): FINAL is refused on a
-- MergeTree; one row per (serial, seq) instead, so a redelivered identical row is counted once.
CREATE OR REPLACE VIEW ${database}.v_contemporaneity_by_station_shift AS
SELECT r.plant AS plant, r.station AS station, r.shift_start AS shift_start, r.records AS records,
       r.entry_lag_p50_ms AS entry_lag_p50_ms, r.entry_lag_p95_ms AS entry_lag_p95_ms,
       r.entry_lag_max_ms AS entry_lag_max_ms, ifNull(v.late_entries, 0) AS late_entries,
       ifNull(v.clock_skews, 0) AS clock_skews
FROM
(
    SELECT plant, station,
           toStartOfInterval(event_time - INTERVAL 6 HOUR, INTERVAL 8 HOUR) + INTERVAL 6 HOUR AS shift_start,
           count() AS records,
           quantile(0.5)(dateDiff('millisecond', event_time, received_time)) AS entry_lag_p50_ms,
           quantile(0.95)(dateDiff('millisecond', event_time, received_time)) AS entry_lag_p95_ms,
           max(dateDiff('millisecond', event_time, received_time)) AS entry_lag_max_ms
    FROM
    (
        SELECT plant, station, event_time, received_time
        FROM ${database}.unit_records
        LIMIT 1 BY serial, seq
    )
    GROUP BY plant, station, shift_start
) AS r
LEFT JOIN
(
    SELECT plant, station,
           toStartOfInterval(assumeNotNull(event_time) - INTERVAL 6 HOUR, INTERVAL 8 HOUR) + INTERVAL 6 HOUR AS shift_start,
           countIf(code = 'LATE_ENTRY') AS late_entries,
           countIf(code = 'CLOCK_SKEW') AS clock_skews
    FROM ${database}.violations FINAL
    WHERE event_time IS NOT NULL AND code IN ('LATE_ENTRY', 'CLOCK_SKEW')
    GROUP BY plant, station, shift_start
) AS v ON r.plant = v.plant AND r.station = v.station AND r.shift_start = v.shift_start;

-- apply only if: SELECT count() FROM system.tables WHERE database = '${database}' AND name = 'unit_records' AND engine = 'ReplacingMergeTree'
DROP TABLE IF EXISTS ${database}.unit_records_v006 SYNC;

CREATE TABLE ${database}.unit_records_v006
(
    serial            String,
    seq               UInt64,
    plant             LowCardinality(String),
    station           LowCardinality(String),
    actor             String,
    actor_type        LowCardinality(String),
    event_id          UUID,
    event_type        LowCardinality(String),
    step_id           LowCardinality(Nullable(String)),
    event_time        DateTime64(6, 'UTC'),
    received_time     DateTime64(6, 'UTC'),
    recorded_at       DateTime64(6, 'UTC'),
    source            LowCardinality(String),
    prev_hash         String,
    record_hash       String,
    route_product     LowCardinality(String),
    route_revision    LowCardinality(String),
    payload           String COMMENT 'The payload record as Avro JSON text, every field',
    raw_payload       Nullable(String) COMMENT 'Original device/station bytes (ALCOA original)',
    raw_content_type  LowCardinality(Nullable(String)),
    reply_to          Nullable(String),
    event_avro        String DEFAULT ''
        COMMENT 'ProductionEvent as bare Avro binary: the event bytes record_hash covers (RecordHasher)',
    event_avro_stored UInt8 DEFAULT 0
        COMMENT '1: written by a sink that stores event_avro, so empty bytes mean they were removed',
    kafka_partition   UInt32,
    kafka_offset      UInt64,
    ingested_at       DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(recorded_at)
ORDER BY (serial, seq)
SETTINGS non_replicated_deduplication_window = 1000;

INSERT INTO ${database}.unit_records_v006
SELECT serial, seq, plant, station, actor, actor_type, event_id, event_type, step_id, event_time,
       received_time, recorded_at, source, prev_hash, record_hash, route_product, route_revision,
       payload, raw_payload, raw_content_type, reply_to, event_avro, event_avro != '',
       kafka_partition, kafka_offset, ingested_at
FROM ${database}.unit_records;

EXCHANGE TABLES ${database}.unit_records AND ${database}.unit_records_v006;

INSERT INTO ${database}.unit_records
SELECT serial, seq, plant, station, actor, actor_type, event_id, event_type, step_id, event_time,
       received_time, recorded_at, source, prev_hash, record_hash, route_product, route_revision,
       payload, raw_payload, raw_content_type, reply_to, event_avro, event_avro != '',
       kafka_partition, kafka_offset, ingested_at
FROM ${database}.unit_records_v006
WHERE ingested_at > now64(6) - INTERVAL 1 DAY
  AND (serial, seq, kafka_partition, kafka_offset) NOT IN
      (SELECT serial, seq, kafka_partition, kafka_offset FROM ${database}.unit_records
       WHERE ingested_at > now64(6) - INTERVAL 1 DAY);

RENAME TABLE ${database}.unit_records_v006 TO ${database}.unit_records_replacing_v001;
