-- V008: the transitive closure of the genealogy (issue 19), so that a trace is one primary-key
-- range instead of one query per level. Written by the sink as genealogy edges arrive
-- (io.serialtrace.sink.closure, module README "Genealogy closure"), rebuilt from genealogy_edges by
-- db/closure/rebuild.sql (the closure-rebuild command); read by trace-api.
--
-- One row per (direction, node, link): the link parent_serial -> child, with the link's facts,
-- at the level (depth) a walk from node meets it:
-- * DOWN: node is an ancestor; the row is a link of node or of a unit installed below it (what a
--   backward trace from node reads: ORDER BY starts with (direction, node), so it is one range).
-- * UP: node is a descendant (a unit, component or lot); the row is a link of node or of a unit it
--   went into, at any level above it (a forward trace or a recall scope from node: one range).
-- depth 1 is a link of node itself; a walk limited to N levels needs the rows of depth <= N + 1
-- (the last one says whether the limit cut anything off), which is a prefix of the range.
--
-- The rows are a superset of what a walk from node reaches *now*: a link removed later leaves the
-- rows below it in place (not followed, since the removal is recorded in the link's own row), and
-- a reader walks the range in memory with the same rules as the level-by-level walk. The facts
-- (installed, part, plant, ...) of the row with the newest event_time are the link's current state
-- (the sink writes a link's new state into every range it lies in); ReplacingMergeTree(event_time)
-- keeps the newest row per key, and readers fold what merges have not yet collapsed with
-- argMax(…, event_time) GROUP BY parent_serial, child and min(depth).
--
-- Derived data: no partitioning (ranges are read whole, and the table is rebuilt whole), no
-- deduplication token (rows are facts that can be written twice without harm).
CREATE TABLE IF NOT EXISTS ${database}.genealogy_closure
(
    direction      LowCardinality(String) COMMENT 'DOWN: node is an ancestor of the link (backward trace); UP: node is a descendant of it (forward trace, recall scope)',
    node           String COMMENT 'where the trace starts: a unit serial, or a lot id',
    depth          UInt32 COMMENT 'the level a walk from node meets the link at; 1 = a link of node itself',
    parent_serial  String,
    child          String COMMENT 'child_serial, or lot_id for lot-tracked material',
    child_kind     LowCardinality(String) COMMENT 'SERIAL or LOT',
    part           LowCardinality(String),
    qty            Int32,
    step_id        LowCardinality(String),
    plant          LowCardinality(String),
    event_time     DateTime64(6, 'UTC') COMMENT 'time of the link''s newest edge event; the newest row holds the link''s current facts',
    installed      UInt8 COMMENT '1 when the link''s newest edge event is INSTALLED',
    written_at     DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = ReplacingMergeTree(event_time)
ORDER BY (direction, node, depth, parent_serial, child);

-- The current state of every link: its edge events folded, the newest deciding (the fold trace-api's
-- level-by-level walk applies to genealogy_edges). The sink reads the links a batch touched through
-- it (WHERE parent_serial IN (...) is pushed below the GROUP BY, so the primary key serves it), and
-- the closure rebuild reads all of it.
CREATE VIEW IF NOT EXISTS ${database}.genealogy_links AS
SELECT
    parent_serial,
    child,
    any(child_kind) AS child_kind,
    argMax(part, event_time) AS part,
    argMax(qty, event_time) AS qty,
    argMax(step_id, event_time) AS step_id,
    argMax(plant, event_time) AS plant,
    max(event_time) AS at,
    argMax(edge_type, event_time) = 'INSTALLED' AS installed
FROM ${database}.genealogy_edges
GROUP BY parent_serial, child;

-- Whether genealogy_closure holds the closure of every edge. Created complete on a database without
-- edges (the sink derives every edge's rows from then on); created INCOMPLETE beside edges written
-- before this migration (an upgrade), which have no closure rows until db/closure/rebuild.sql (the
-- closure-rebuild command) runs and appends a complete row. The newest row decides; trace-api walks
-- level by level while it says incomplete, so an upgrade never answers a trace from a partial closure.
CREATE TABLE IF NOT EXISTS ${database}.genealogy_closure_state
(
    complete  UInt8 COMMENT '1 when every edge''s closure rows are in genealogy_closure',
    reason    String,
    at        DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = MergeTree
ORDER BY at;

INSERT INTO ${database}.genealogy_closure_state (complete, reason)
SELECT count() = 0,
       if(count() = 0, 'created on a database without edges',
          concat('created beside ', toString(count()), ' edges written before V008: run closure-rebuild'))
FROM ${database}.genealogy_edges;
