-- V004: the access audit (issue 9, 21 CFR 11.10(d)/(e)): who read which unit's record, trace or
-- recall scope, when, from where, and what they were answered. Written by trace-api, one row per
-- audited request, inserted before the response leaves (async_insert = 1 with
-- wait_for_async_insert = 1: batched server-side, acknowledged only once stored). The sink owns
-- the schema but never writes here; trace-api's ClickHouse user may INSERT into this table only.
--
-- Append-only MergeTree: an access is never replaced or collapsed (no replacing key), and every
-- row carries its own request_id and microsecond time. Ordered by (target, accessed_at) for "who
-- looked at serial X"; the by_subject projection keeps a second copy ordered by (subject,
-- accessed_at) for "what did user Y look at" (one insert feeds both, as by_child does for
-- genealogy_edges). Monthly partitions on accessed_at, so a retention policy can drop whole months.
-- Not yet in db/cluster/cluster-layout.sql: on a cluster create record_access_local ON CLUSTER
-- (ReplicatedMergeTree) and a Distributed record_access sharded by cityHash64(target).
CREATE TABLE IF NOT EXISTS ${database}.record_access
(
    accessed_at    DateTime64(6, 'UTC'),
    subject        String COMMENT 'sub of the bearer token (user or device id)',
    printed_name   String COMMENT 'name claim of the token (printed name)',
    roles          Array(LowCardinality(String)) COMMENT 'groups claim',
    plants         Array(LowCardinality(String)) COMMENT 'plants claim',
    token_id       String COMMENT 'jti of the token',
    action         LowCardinality(String) COMMENT 'the endpoint, e.g. GET /v1/units/{serial}/record',
    target_kind    LowCardinality(String) COMMENT 'UNIT, LOT or COMPONENT',
    target         String COMMENT 'the serial or lot id asked for',
    target_plant   LowCardinality(String) COMMENT 'plant owning the target when known, else empty',
    outcome        LowCardinality(String) COMMENT 'FOUND, NOT_FOUND or FORBIDDEN (another plant, answered 404; or a role refused, 403)',
    http_status    UInt16,
    request_id     String COMMENT 'X-Request-Id of the response',
    client_address String COMMENT 'remote address of the HTTP connection',
    PROJECTION by_subject (SELECT * ORDER BY subject, accessed_at)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(accessed_at)
ORDER BY (target, accessed_at);
