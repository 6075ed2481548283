-- Cluster layout (NOT applied by the sink; the local stack is one node). For the helm chart and
-- operators: the same logical tables as db/migration, on a cluster named ${cluster}.
--
-- Layout: every table T of V001 becomes
--   * T_local  ON CLUSTER: ReplicatedMergeTree-family engine, same columns/ORDER BY/PARTITION BY,
--              replicated inside each shard through ClickHouse Keeper; unit_records_local is a
--              plain ReplicatedMergeTree (evidence is append-only: an insert never replaces a row,
--              V006) and gets the columns later migrations add to unit_records (V003, V006) here,
--              since those migrations reach only the Distributed table on a cluster;
--   * T        ON CLUSTER: Distributed(${cluster}, ${database}, T_local, <sharding key>) that the
--              sink inserts into and the views/trace-api read from; the views of V002 are created
--              unchanged on top of the Distributed tables.
--
-- Sharding key: cityHash64(plant, serial) for unit-keyed tables (a unit's records, measurements,
-- violations and units row land on the same shard, so a unit's whole record is read from one shard
-- and ReplacingMergeTree keys are always on one shard - a requirement, since replacing only happens
-- within a shard; a forged unit_records row with another plant lands elsewhere, but trace-api reads
-- a unit's rows through the Distributed table, from every shard). genealogy_edges shards by
-- cityHash64(parent_serial): the backward trace reads one shard per parent; the forward trace (by
-- child) fans out to every shard, served by each shard's by_child projection.
--
-- Later migrations that ALTER a table (V003 adds unit_records.event_avro) are run ON CLUSTER
-- against T_local first and then against the Distributed T, so both keep the same columns.
--
-- Deduplication in the cluster: replicated tables always deduplicate inserts (replicated_
-- deduplication_window, default 1000 recent blocks per partition in 26.x); the sink's
-- insert_deduplication_token is forwarded by Distributed with insert_distributed_sync = 1 (set
-- distributed_foreground_insert = 1 on the sink's inserts, so a successful insert means every shard
-- stored its block and a replay with the same token is dropped by each shard).

CREATE TABLE ${database}.unit_records_local ON CLUSTER '${cluster}'
AS ${database}.unit_records
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/${database}/unit_records', '{replica}')
PARTITION BY toYYYYMM(recorded_at)
ORDER BY (serial, seq);

ALTER TABLE ${database}.unit_records_local ON CLUSTER '${cluster}'
    ADD COLUMN IF NOT EXISTS event_avro String DEFAULT ''
        COMMENT 'ProductionEvent as bare Avro binary: the event bytes record_hash covers (RecordHasher)'
        AFTER reply_to,
    ADD COLUMN IF NOT EXISTS event_avro_stored UInt8 DEFAULT 0
        COMMENT '1: written by a sink that stores event_avro, so empty bytes mean they were removed'
        AFTER event_avro;

CREATE TABLE ${database}.genealogy_edges_local ON CLUSTER '${cluster}'
AS ${database}.genealogy_edges
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/${database}/genealogy_edges', '{replica}')
PARTITION BY toYYYYMM(event_time)
ORDER BY (parent_serial, child, event_time, event_id)
SETTINGS deduplicate_merge_projection_mode = 'rebuild';

CREATE TABLE ${database}.measurements_local ON CLUSTER '${cluster}'
AS ${database}.measurements
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/${database}/measurements', '{replica}')
PARTITION BY toYYYYMM(event_time)
ORDER BY (plant, characteristic, event_time, event_id);

CREATE TABLE ${database}.violations_local ON CLUSTER '${cluster}'
AS ${database}.violations
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/${database}/violations', '{replica}', version)
PARTITION BY toYYYYMM(detected_at)
ORDER BY (plant, detected_at, violation_id);

CREATE TABLE ${database}.units_local ON CLUSTER '${cluster}'
AS ${database}.units
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/${database}/units', '{replica}', version)
ORDER BY serial;

-- The Distributed tables keep the names the sink and the views use.
CREATE TABLE ${database}.unit_records ON CLUSTER '${cluster}' AS ${database}.unit_records_local
ENGINE = Distributed('${cluster}', '${database}', 'unit_records_local', cityHash64(plant, serial));
CREATE TABLE ${database}.measurements ON CLUSTER '${cluster}' AS ${database}.measurements_local
ENGINE = Distributed('${cluster}', '${database}', 'measurements_local', cityHash64(plant, serial));
CREATE TABLE ${database}.violations ON CLUSTER '${cluster}' AS ${database}.violations_local
ENGINE = Distributed('${cluster}', '${database}', 'violations_local', cityHash64(plant, serial));
CREATE TABLE ${database}.units ON CLUSTER '${cluster}' AS ${database}.units_local
ENGINE = Distributed('${cluster}', '${database}', 'units_local', cityHash64(plant, serial));
CREATE TABLE ${database}.genealogy_edges ON CLUSTER '${cluster}' AS ${database}.genealogy_edges_local
ENGINE = Distributed('${cluster}', '${database}', 'genealogy_edges_local', cityHash64(parent_serial));
