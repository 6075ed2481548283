-- V007: the analyst views run with their definer's rights (issue 16: analysts read the documented
-- views only, never unit_records, record_access or another raw table).
--
-- A normal view runs with the rights of whoever reads it (default_normal_view_sql_security is
-- INVOKER), so an analyst needed SELECT on every table under a view, and with it the raw records
-- (signer names, actor ids, payloads) and the access log. SQL SECURITY DEFINER makes a view read
-- its tables as its definer, here the user running the migrations (the owner, CURRENT_USER); the
-- analyst users are granted SELECT on the views alone (local-stack's ClickHouseAccess). A
-- plant-scoped analyst's row policy sits on each view: a policy on the tables would bind the
-- definer's reads, not the analyst's.
--
-- CREATE OR REPLACE VIEW without SQL SECURITY resets a view to INVOKER (and breaks the analysts'
-- reads), so a migration that redefines a view says SQL SECURITY DEFINER itself or alters it after,
-- as here; MigrationsTest fails otherwise. Re-running an ALTER is harmless.
ALTER TABLE ${database}.v_unit_genealogy_edges MODIFY SQL SECURITY DEFINER;
ALTER TABLE ${database}.v_measurements_spc MODIFY SQL SECURITY DEFINER;
ALTER TABLE ${database}.v_violations MODIFY SQL SECURITY DEFINER;
ALTER TABLE ${database}.v_units MODIFY SQL SECURITY DEFINER;
ALTER TABLE ${database}.v_contemporaneity_by_station_shift MODIFY SQL SECURITY DEFINER;
