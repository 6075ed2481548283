-- V005: every violation has an end (gating-streams/docs/STATE_MACHINE.md, "Violation lifecycle").
-- status is LowCardinality(String), so the new end statuses need no type change: a violation is
-- emitted OPEN, then once more when it ends, as DISPOSITIONED (a holding violation, signed
-- Disposition), ACKNOWLEDGED (a refusal notice, signed Acknowledgement), CLOSED_WITH_UNIT (a
-- holding violation open when its unit was scrapped) or EXPIRED (a notice not acknowledged within
-- the gate's notice retention). version is 1 for every end, so the end replaces the OPEN row.
--
-- The acknowledgement's signature gets its own columns (who, printed name, role, meaning, how
-- authenticated, why, when), and ended_at says when any end happened. Rows written before keep
-- NULL. ADD COLUMN IF NOT EXISTS makes a re-run harmless; on a cluster run the ALTER ON CLUSTER on
-- violations_local and then violations (see db/cluster/cluster-layout.sql).
ALTER TABLE ${database}.violations
    COMMENT COLUMN status 'OPEN, or how it ended: DISPOSITIONED, ACKNOWLEDGED, CLOSED_WITH_UNIT, EXPIRED',
    COMMENT COLUMN version '0 OPEN, 1 any end: the end wins',
    ADD COLUMN IF NOT EXISTS acknowledgement_event_id Nullable(UUID) AFTER dispositioned_at,
    ADD COLUMN IF NOT EXISTS acknowledgement_signer_id Nullable(String) AFTER acknowledgement_event_id,
    ADD COLUMN IF NOT EXISTS acknowledgement_signer_name Nullable(String) AFTER acknowledgement_signer_id,
    ADD COLUMN IF NOT EXISTS acknowledgement_signer_role LowCardinality(Nullable(String)) AFTER acknowledgement_signer_name,
    ADD COLUMN IF NOT EXISTS acknowledgement_meaning LowCardinality(Nullable(String)) AFTER acknowledgement_signer_role,
    ADD COLUMN IF NOT EXISTS acknowledgement_auth_method LowCardinality(Nullable(String)) AFTER acknowledgement_meaning,
    ADD COLUMN IF NOT EXISTS acknowledgement_reason Nullable(String) AFTER acknowledgement_auth_method,
    ADD COLUMN IF NOT EXISTS acknowledged_at Nullable(DateTime64(6, 'UTC')) AFTER acknowledgement_reason,
    ADD COLUMN IF NOT EXISTS ended_at Nullable(DateTime64(6, 'UTC')) COMMENT 'Gate time of the end; NULL while OPEN' AFTER acknowledged_at;

-- Violations in their latest state: V002's columns unchanged and in place, the new ones at the end.
CREATE OR REPLACE VIEW ${database}.v_violations AS
SELECT violation_id, plant, detected_at, serial, station, code, severity, status, step_id, detail,
       event_id, event_time, received_time, characteristic, measured_value, lsl, usl, unit,
       component_serial, related_serial, disposition_decision, disposition_signer_id,
       disposition_signer_name, disposition_reason, dispositioned_at, disposition_event_id,
       acknowledgement_signer_id, acknowledgement_signer_name, acknowledgement_signer_role,
       acknowledgement_meaning, acknowledgement_auth_method, acknowledgement_reason,
       acknowledged_at, acknowledgement_event_id, ended_at
FROM ${database}.violations FINAL;
