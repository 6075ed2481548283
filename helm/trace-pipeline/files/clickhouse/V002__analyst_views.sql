-- V002: views for analysts (read-only user). Their column names are a contract: never rename or
-- drop one; add columns at the end in a new migration (CREATE OR REPLACE VIEW).

-- Every genealogy edge, both directions usable: filter on parent_serial (primary key) for a backward
-- trace, on child for a forward trace / recall (the by_child projection). No FINAL, so the
-- projection is used; edges are unique by insert deduplication.
CREATE OR REPLACE VIEW ${database}.v_unit_genealogy_edges AS
SELECT parent_serial, child, child_kind, child_serial, lot_id, part, qty, edge_type, step_id,
       plant, event_id, event_time
FROM ${database}.genealogy_edges;

-- Measurements with their specification limits for SPC. The limits travel with TOLERANCE_BREACH
-- violations only (the routes topic is not in ClickHouse yet), so lsl/usl are NULL for in-tolerance
-- values; out_of_tolerance says whether the gate raised a breach.
CREATE OR REPLACE VIEW ${database}.v_measurements_spc AS
SELECT m.plant AS plant, m.characteristic AS characteristic, m.event_time AS event_time,
       m.serial AS serial, m.station AS station, m.step_id AS step_id, m.value AS value,
       m.unit AS unit, m.device_id AS device_id, m.device_id IS NULL AS manual_entry,
       m.calibration_due AS calibration_due, b.lsl AS lsl, b.usl AS usl,
       b.violation_id IS NOT NULL AS out_of_tolerance, m.route_product AS route_product,
       m.route_revision AS route_revision, m.event_id AS event_id
FROM ${database}.measurements AS m FINAL
LEFT JOIN
(
    SELECT assumeNotNull(event_id) AS event_id, toNullable(violation_id) AS violation_id, lsl, usl
    FROM ${database}.violations FINAL
    WHERE code = 'TOLERANCE_BREACH' AND event_id IS NOT NULL
) AS b ON m.event_id = b.event_id
SETTINGS join_use_nulls = 1;

-- Violations in their latest state (OPEN or DISPOSITIONED with the signed disposition).
CREATE OR REPLACE VIEW ${database}.v_violations AS
SELECT violation_id, plant, detected_at, serial, station, code, severity, status, step_id, detail,
       event_id, event_time, received_time, characteristic, measured_value, lsl, usl, unit,
       component_serial, related_serial, disposition_decision, disposition_signer_id,
       disposition_signer_name, disposition_reason, dispositioned_at, disposition_event_id
FROM ${database}.violations FINAL;

-- Units in their latest state, with the live head of the record from unit_records.
CREATE OR REPLACE VIEW ${database}.v_units AS
SELECT u.serial AS serial, u.plant AS plant, u.product AS product, u.work_order AS work_order,
       u.route_revision AS route_revision, u.status AS status, u.status_at AS status_at,
       h.head AS record_head, h.records AS record_count, u.violation_count AS violation_count
FROM ${database}.units AS u FINAL
LEFT JOIN
(
    SELECT serial, argMax(record_hash, seq) AS head, max(seq) AS records
    FROM ${database}.unit_records
    GROUP BY serial
) AS h ON u.serial = h.serial;

-- Contemporaneity per plant, station and shift: how late records were entered (received_time -
-- event_time) and how many LATE_ENTRY / CLOCK_SKEW violations were raised. Shifts are three
-- 8-hour blocks starting 06:00, 14:00 and 22:00 UTC (shift_start names the block); plants on other
-- calendars get a plant shift table in a later migration.
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
    FROM ${database}.unit_records FINAL
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
