-- V003: the bytes a unit record's hash was computed over, so that anyone can recompute
-- record_hash from the table alone (21 CFR Part 11 tamper evidence).
--
-- event_avro is the ProductionEvent's bare Avro binary datum exactly as RecordHasher
-- (schemas module, io.serialtrace.schemas.record) hashes it: no registry framing, no container
-- header. record_hash = lowercase-hex(SHA-256(int32be(len(utf8(serial))) || utf8(serial) ||
-- int64be(seq) || ascii(prev_hash) || int32be(len(event_avro)) || event_avro)). The other event
-- columns (plant, station, actor, times, payload, raw_payload, ...) are a readable copy of what the
-- bytes say; trace-api checks both.
--
-- Rows written before this migration keep the default '' (empty): their hash can be checked for
-- linkage only. ADD COLUMN IF NOT EXISTS makes a re-run harmless. On a cluster run it ON CLUSTER on
-- unit_records_local and then unit_records (see db/cluster/cluster-layout.sql).
ALTER TABLE ${database}.unit_records
    ADD COLUMN IF NOT EXISTS event_avro String DEFAULT ''
    COMMENT 'ProductionEvent as bare Avro binary: the event bytes record_hash covers (RecordHasher)'
    AFTER reply_to;
