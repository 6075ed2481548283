-- V006 placeholder on branch least-privilege only: V006 belongs to the records helper's branch
-- (unit_records append-only). Drop this file and its line in migrations.txt when merging that
-- branch; this branch's own migration is V007.
SELECT 1;
