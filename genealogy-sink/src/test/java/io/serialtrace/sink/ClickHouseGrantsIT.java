package io.serialtrace.sink;

import static io.serialtrace.sink.ClickHouseAs.ACCESS_DENIED;
import static io.serialtrace.sink.ClickHouseAs.owner;
import static io.serialtrace.sink.ClickHouseAs.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import io.serialtrace.sink.schema.MigrationRunner;
import io.serialtrace.sink.schema.Migrations;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each ClickHouse user of the stack can do its job and nothing more: trace-api reads but cannot
 * write the record or drop tables, the sink inserts but cannot change the schema, neither can
 * delete, update, truncate or drop a row, and the passwordless {@code default} user (which the
 * engine itself needs) cannot read the data. A scratch table stands in wherever a refused statement
 * would harm the real one if the grant were ever too wide.
 */
@ExtendWith(LocalStackExtension.class)
class ClickHouseGrantsIT {
  private static final String DATABASE = "trace";
  private String scratch;

  @BeforeEach
  void schemaAndScratchTable(StackEndpoints stack) throws Exception {
    // The real tables, as the sink's start creates them (idempotent), as the owner.
    try (Client owner =
        new Client.Builder()
            .addEndpoint(stack.clickhouseUrl())
            .setUsername(stack.clickhouseUser())
            .setPassword(stack.clickhousePassword())
            .build()) {
      new MigrationRunner(owner, DATABASE).migrate(Migrations.shipped());
    }
    scratch = DATABASE + ".grants_it_" + UUID.randomUUID().toString().replace("-", "");
    owner(
        stack,
        "CREATE TABLE "
            + scratch
            + " (serial String, seq UInt64) ENGINE = MergeTree ORDER BY serial");
    owner(stack, "INSERT INTO " + scratch + " VALUES ('SN-1', 1)");
  }

  @AfterEach
  void dropScratch(StackEndpoints stack) throws Exception {
    owner(stack, "DROP TABLE IF EXISTS " + scratch + " SYNC");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void apiUserReadsButCannotWriteTheRecordOrDropTables(StackEndpoints stack) throws Exception {
    String user = stack.clickhouseApiUser();
    String password = stack.clickhouseApiPassword();
    // 1. positive control: it reads the record tables
    ClickHouseAs.Answer read =
        run(stack, user, password, "SELECT count() FROM " + DATABASE + ".unit_records");
    assertThat(read.ok()).as(read.body()).isTrue();

    // 2. writing a unit record is refused (0 rows would be written even if it were not)
    ClickHouseAs.Answer insert =
        run(
            stack,
            user,
            password,
            "INSERT INTO "
                + DATABASE
                + ".unit_records SELECT * FROM "
                + DATABASE
                + ".unit_records LIMIT 0");
    assertThat(insert.body()).contains(ACCESS_DENIED);

    // 3. dropping a table is refused, and the table is still there
    ClickHouseAs.Answer drop = run(stack, user, password, "DROP TABLE " + scratch);
    assertThat(drop.body()).contains(ACCESS_DENIED);
    assertThat(owner(stack, "EXISTS TABLE " + scratch).strip()).isEqualTo("1");

    // 4. its only write right is the audit-of-access table, granted by name
    ClickHouseAs.Answer grants = run(stack, user, password, "SHOW GRANTS");
    assertThat(grants.body())
        .contains("GRANT INSERT ON " + DATABASE + ".record_access")
        .doesNotContain("GRANT INSERT ON " + DATABASE + ".*");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void sinkUserInsertsButCannotChangeTheSchema(StackEndpoints stack) throws Exception {
    String user = stack.clickhouseSinkUser();
    String password = stack.clickhouseSinkPassword();
    // 1. positive control: it inserts rows and reads them back
    ClickHouseAs.Answer insert =
        run(stack, user, password, "INSERT INTO " + scratch + " VALUES ('SN-2', 2)");
    assertThat(insert.ok()).as(insert.body()).isTrue();
    assertThat(run(stack, user, password, "SELECT count() FROM " + scratch).body().strip())
        .isEqualTo("2");

    // 2. no DROP, no ALTER, no CREATE
    assertThat(run(stack, user, password, "DROP TABLE " + scratch).body()).contains(ACCESS_DENIED);
    assertThat(
            run(stack, user, password, "ALTER TABLE " + scratch + " ADD COLUMN forged String")
                .body())
        .contains(ACCESS_DENIED);
    assertThat(
            run(
                    stack,
                    user,
                    password,
                    "CREATE TABLE " + scratch + "_new (x UInt8) ENGINE = MergeTree ORDER BY x")
                .body())
        .contains(ACCESS_DENIED);

    // 3. the table kept its shape
    assertThat(
            owner(
                    stack,
                    "SELECT count() FROM system.columns WHERE database = '"
                        + DATABASE
                        + "' AND table = '"
                        + scratch.substring(DATABASE.length() + 1)
                        + "'")
                .strip())
        .isEqualTo("2");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sink", "api"})
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void sinkAndApiUsersCanNeitherDeleteNorUpdateNorDropRows(String service, StackEndpoints stack)
      throws Exception {
    String user = service.equals("sink") ? stack.clickhouseSinkUser() : stack.clickhouseApiUser();
    String password =
        service.equals("sink") ? stack.clickhouseSinkPassword() : stack.clickhouseApiPassword();
    // 1. positive control: the user reads the row
    ClickHouseAs.Answer read =
        run(stack, user, password, "SELECT serial, seq FROM " + scratch + " FORMAT TSV");
    assertThat(read.body().strip()).as(read.body()).isEqualTo("SN-1\t1");

    // 2. each way of removing or rewriting a row is refused
    for (String sql :
        List.of(
            "DELETE FROM " + scratch + " WHERE serial = 'SN-1'",
            "ALTER TABLE " + scratch + " DELETE WHERE serial = 'SN-1'",
            "ALTER TABLE " + scratch + " UPDATE seq = 99 WHERE serial = 'SN-1'",
            "TRUNCATE TABLE " + scratch,
            "DROP TABLE " + scratch)) {
      assertThat(run(stack, user, password, sql).body()).as(sql).contains(ACCESS_DENIED);
    }

    // 3. the row is there, unchanged, and no mutation was queued
    assertThat(owner(stack, "SELECT serial, seq FROM " + scratch + " FORMAT TSV").strip())
        .isEqualTo("SN-1\t1");
    assertThat(
            owner(
                    stack,
                    "SELECT count() FROM system.mutations WHERE database = '"
                        + DATABASE
                        + "' AND table = '"
                        + scratch.substring(DATABASE.length() + 1)
                        + "'")
                .strip())
        .isEqualTo("0");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void defaultUserCannotReadTheData(StackEndpoints stack) throws Exception {
    // 1. the passwordless user the engine needs for itself
    ClickHouseAs.Answer read = run(stack, "default", "", "SELECT count() FROM " + scratch);

    // 2. is refused the application's data
    assertThat(read.body()).contains(ACCESS_DENIED);
  }
}
