package io.serialtrace.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.stack.clickhouse.ClickHouseAccess;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MigrationsTest {
  private static final Pattern CREATE_VIEW =
      Pattern.compile("^CREATE (?:OR REPLACE )?VIEW (?:IF NOT EXISTS )?(\\S+)");
  private static final Pattern ALTER_SQL_SECURITY =
      Pattern.compile("^ALTER TABLE (\\S+) MODIFY SQL SECURITY (DEFINER|INVOKER|NONE)");

  @Test
  void shippedMigrationsAreNumberedInOrderAndTargetTheGivenDatabase() {
    List<Migration> migrations = Migrations.shipped();

    assertThat(migrations).extracting(Migration::version).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    List<String> statements = migrations.getFirst().statements("trace_x");
    assertThat(statements).hasSize(5);
    assertThat(statements).allSatisfy(s -> assertThat(s).contains("trace_x.").doesNotContain("${"));
    assertThat(statements).allSatisfy(s -> assertThat(s).startsWith("CREATE TABLE IF NOT EXISTS"));
    assertThat(migrations.get(1).statements("trace_x"))
        .allSatisfy(s -> assertThat(s).startsWith("CREATE OR REPLACE VIEW trace_x.v_"));
    assertThat(migrations.get(2).statements("trace_x"))
        .singleElement()
        .satisfies(
            s ->
                assertThat(s)
                    .startsWith("ALTER TABLE trace_x.unit_records")
                    .contains("ADD COLUMN IF NOT EXISTS event_avro String"));
    assertThat(migrations.get(3).statements("trace_x"))
        .singleElement()
        .satisfies(
            s ->
                assertThat(s)
                    .startsWith("CREATE TABLE IF NOT EXISTS trace_x.record_access")
                    .contains("PROJECTION by_subject"));
    assertThat(migrations.get(4).statements("trace_x"))
        .satisfiesExactly(
            alter ->
                assertThat(alter)
                    .startsWith("ALTER TABLE trace_x.violations")
                    .contains("ADD COLUMN IF NOT EXISTS acknowledgement_signer_name")
                    .contains("ADD COLUMN IF NOT EXISTS ended_at"),
            view -> assertThat(view).startsWith("CREATE OR REPLACE VIEW trace_x.v_violations"));
    Migration appendOnly = migrations.get(5);
    assertThat(appendOnly.condition("trace_x"))
        .hasValueSatisfying(
            q -> assertThat(q).contains("database = 'trace_x'", "engine = 'ReplacingMergeTree'"));
    assertThat(appendOnly.unconditionalStatements("trace_x"))
        .singleElement()
        .satisfies(
            s ->
                assertThat(s)
                    .startsWith("CREATE OR REPLACE VIEW trace_x.v_contemporaneity_by_station_shift")
                    .doesNotContain("unit_records FINAL"));
    assertThat(appendOnly.statements("trace_x"))
        .anySatisfy(s -> assertThat(s).contains("ENGINE = MergeTree").doesNotContain("Replacing"))
        .anySatisfy(
            s ->
                assertThat(s)
                    .isEqualTo(
                        "EXCHANGE TABLES trace_x.unit_records AND trace_x.unit_records_v006"));
  }

  @Test
  void statementsAfterTheConditionLineRunOnlyWhenItHolds() {
    // 1. A migration with an always-run statement, a condition, and a guarded statement.
    Migration migration =
        Migration.of(
            "V009__x.sql",
            "CREATE VIEW ${database}.v AS SELECT 1;\n"
                + "-- apply only if: SELECT count() FROM system.tables WHERE database = '${database}'\n"
                + "EXCHANGE TABLES ${database}.a AND ${database}.b;\n");

    // 2. The condition names the database; without it only the view runs.
    assertThat(migration.condition("db"))
        .contains("SELECT count() FROM system.tables WHERE database = 'db'");
    assertThat(migration.unconditionalStatements("db"))
        .containsExactly("CREATE VIEW db.v AS SELECT 1");
    assertThat(migration.statements("db"))
        .containsExactly("CREATE VIEW db.v AS SELECT 1", "EXCHANGE TABLES db.a AND db.b");
  }

  @Test
  void aMigrationWithoutConditionRunsEveryStatementAlways() {
    Migration migration = Migration.of("V009__x.sql", "CREATE VIEW ${database}.v AS SELECT 1;\n");

    assertThat(migration.condition("db")).isEmpty();
    assertThat(migration.unconditionalStatements("db")).isEqualTo(migration.statements("db"));
  }

  @Test
  void everyAnalystViewEndsUpRunningWithItsDefinersRights() {
    // 1. replay the shipped migrations' analyst view (v_*) statements in order: the last one of a
    //    view decides (genealogy_links, V008, is the services' own view: they read its tables)
    Map<String, Boolean> definerRights = new TreeMap<>();
    for (Migration migration : Migrations.shipped()) {
      for (String statement : migration.statements("trace")) {
        Matcher create = CREATE_VIEW.matcher(statement);
        Matcher alter = ALTER_SQL_SECURITY.matcher(statement);
        if (create.find() && create.group(1).startsWith("trace.v_")) {
          definerRights.put(create.group(1), statement.contains("SQL SECURITY DEFINER"));
        } else if (alter.find() && alter.group(1).startsWith("trace.v_")) {
          definerRights.put(alter.group(1), alter.group(2).equals("DEFINER"));
        }
      }
    }

    // 2. every view reads its tables as the owner, so an analyst's grant on the view suffices
    assertThat(definerRights)
        .isNotEmpty()
        .allSatisfy(
            (view, definer) ->
                assertThat(definer)
                    .as("%s was last defined without SQL SECURITY DEFINER", view)
                    .isTrue());
    // 3. and they are the views the analysts are granted (local-stack's ClickHouseAccess)
    assertThat(definerRights.keySet())
        .containsExactlyInAnyOrderElementsOf(ClickHouseAccess.Names.ANALYST_VIEWS);
  }

  @Test
  void commentsAreDroppedAndSemicolonsInsideLinesDoNotSplit() {
    Migration migration =
        Migration.of(
            "V009__x.sql",
            "-- a comment; with a semicolon\nCREATE TABLE ${database}.a (s String DEFAULT ';')"
                + " ENGINE = Log;\n\nCREATE VIEW ${database}.b AS SELECT 1;\n");

    assertThat(migration.statements("db"))
        .containsExactly(
            "CREATE TABLE db.a (s String DEFAULT ';') ENGINE = Log",
            "CREATE VIEW db.b AS SELECT 1");
  }

  @Test
  void refusesABadlyNamedFile() {
    assertThatThrownBy(() -> Migration.of("tables.sql", "")).hasMessageContaining("V<3 digits>");
  }
}
