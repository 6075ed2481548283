-- The genealogy closure rebuilt from the edges (issue 19; the sink's closure-rebuild command runs
-- this file, as do the tests that load edges without a sink). ${database} is the trace database.
-- Sections (-- @name lines) run in order: start once; level for depth = 2, 3, ... while the front is
-- not empty and depth <= ${max_depth}; finish once. Run by the owner (it creates and swaps tables);
-- one rebuild at a time per database.
--
-- The rows it writes are exactly those of V008 for the graph as it is now: for every node, the
-- links a walk from it meets (removed links listed at their level and not followed; DOWN follows
-- installed serial children, UP installed links), each once per level it is met at (a reader takes
-- the smallest). Level by level, each level one join of the front (node, the unit it reached) with
-- the links; a cycle in the data keeps the front from emptying and ends at ${max_depth}.
-- The new table is filled beside the live one and swapped in at the end (EXCHANGE TABLES), so
-- traces keep answering from the old closure meanwhile. Closure rows a sink writes during a rebuild
-- land in the old table and are dropped with it: rebuild while no sink runs, or run the sinks'
-- ranges again (module README).

-- @start
DROP TABLE IF EXISTS ${database}.genealogy_closure_rebuild;
CREATE TABLE ${database}.genealogy_closure_rebuild AS ${database}.genealogy_closure;
DROP TABLE IF EXISTS ${database}.genealogy_closure_rebuild_links;
CREATE TABLE ${database}.genealogy_closure_rebuild_links
ENGINE = MergeTree ORDER BY (parent_serial, child)
AS SELECT * FROM ${database}.genealogy_links;
INSERT INTO ${database}.genealogy_closure_rebuild
    (direction, node, depth, parent_serial, child, child_kind, part, qty, step_id, plant, event_time, installed)
SELECT 'DOWN', parent_serial, 1, parent_serial, child, child_kind, part, qty, step_id, plant, at, installed
FROM ${database}.genealogy_closure_rebuild_links
UNION ALL
SELECT 'UP', child, 1, parent_serial, child, child_kind, part, qty, step_id, plant, at, installed
FROM ${database}.genealogy_closure_rebuild_links;
DROP TABLE IF EXISTS ${database}.genealogy_closure_rebuild_front;
CREATE TABLE ${database}.genealogy_closure_rebuild_front
ENGINE = MergeTree ORDER BY (direction, via)
AS SELECT DISTINCT * FROM (
    SELECT 'DOWN' AS direction, parent_serial AS node, child AS via
    FROM ${database}.genealogy_closure_rebuild_links WHERE installed AND child_kind = 'SERIAL'
    UNION ALL
    SELECT 'UP' AS direction, child AS node, parent_serial AS via
    FROM ${database}.genealogy_closure_rebuild_links WHERE installed);

-- @level
DROP TABLE IF EXISTS ${database}.genealogy_closure_rebuild_level;
CREATE TABLE ${database}.genealogy_closure_rebuild_level
ENGINE = MergeTree ORDER BY (direction, node)
AS SELECT f.direction AS direction, f.node AS node, toUInt32(${depth}) AS depth,
    l.parent_serial AS parent_serial, l.child AS child, l.child_kind AS child_kind, l.part AS part,
    l.qty AS qty, l.step_id AS step_id, l.plant AS plant, l.at AS event_time, l.installed AS installed
FROM ${database}.genealogy_closure_rebuild_front AS f
INNER JOIN ${database}.genealogy_closure_rebuild_links AS l
    ON l.parent_serial = f.via
WHERE f.direction = 'DOWN'
UNION ALL
SELECT f.direction, f.node, toUInt32(${depth}), l.parent_serial, l.child, l.child_kind, l.part,
    l.qty, l.step_id, l.plant, l.at, l.installed
FROM ${database}.genealogy_closure_rebuild_front AS f
INNER JOIN ${database}.genealogy_closure_rebuild_links AS l
    ON l.child = f.via
WHERE f.direction = 'UP'
SETTINGS join_algorithm = 'full_sorting_merge';
INSERT INTO ${database}.genealogy_closure_rebuild
    (direction, node, depth, parent_serial, child, child_kind, part, qty, step_id, plant, event_time, installed)
SELECT direction, node, depth, parent_serial, child, child_kind, part, qty, step_id, plant, event_time, installed
FROM ${database}.genealogy_closure_rebuild_level;
DROP TABLE ${database}.genealogy_closure_rebuild_front;
CREATE TABLE ${database}.genealogy_closure_rebuild_front
ENGINE = MergeTree ORDER BY (direction, via)
AS SELECT DISTINCT direction, node, if(direction = 'DOWN', child, parent_serial) AS via
FROM ${database}.genealogy_closure_rebuild_level
WHERE installed AND (direction = 'UP' OR child_kind = 'SERIAL');

-- @finish
EXCHANGE TABLES ${database}.genealogy_closure AND ${database}.genealogy_closure_rebuild;
DROP TABLE ${database}.genealogy_closure_rebuild;
DROP TABLE ${database}.genealogy_closure_rebuild_links;
DROP TABLE ${database}.genealogy_closure_rebuild_front;
DROP TABLE IF EXISTS ${database}.genealogy_closure_rebuild_level;
INSERT INTO ${database}.genealogy_closure_state (complete, reason) VALUES (1, 'rebuilt from the edges');
