package io.serialtrace.sink.schema;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.serialtrace.sink.delivery.ClickHouseRowWriter;
import io.serialtrace.sink.delivery.SinkFailure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Applies the shipped migrations that {@code schema_migrations} does not list, in order, and
 * refuses to start when a listed one has changed since it was applied. Every statement is
 * idempotent (IF NOT EXISTS, OR REPLACE), or guarded by its migration's {@link Migration#condition}
 * (checked once, before the migration runs), so a crash between a statement and its record does no
 * harm: the next start re-runs the migration and records it.
 */
public final class MigrationRunner {
  private static final Logger LOG = Logger.getLogger(MigrationRunner.class);
  private final Client client;
  private final String database;

  public MigrationRunner(Client client, String database) {
    this.client = client;
    this.database = database;
  }

  /** Returns the versions it applied now. */
  public List<Integer> migrate(List<Migration> migrations) {
    run("CREATE DATABASE IF NOT EXISTS " + database);
    run(
        "CREATE TABLE IF NOT EXISTS "
            + database
            + ".schema_migrations (version UInt32, file_name String, checksum String,"
            + " applied_at DateTime64(6, 'UTC') DEFAULT now64(6))"
            + " ENGINE = ReplacingMergeTree ORDER BY version");
    Map<Integer, String> applied = new HashMap<>();
    for (GenericRecord row :
        query("SELECT version, checksum FROM " + database + ".schema_migrations FINAL")) {
      applied.put((int) row.getLong("version"), row.getString("checksum"));
    }
    List<Integer> appliedNow = new java.util.ArrayList<>();
    for (Migration migration : migrations) {
      String checksum = applied.get(migration.version());
      if (checksum != null) {
        if (!checksum.equals(migration.checksum())) {
          throw changed(migration, checksum);
        }
        continue;
      }
      boolean conditionHolds =
          migration.condition(database).map(q -> "1".equals(scalar(q))).orElse(true);
      for (String statement :
          conditionHolds
              ? migration.statements(database)
              : migration.unconditionalStatements(database)) {
        run(statement);
      }
      run(
          "INSERT INTO "
              + database
              + ".schema_migrations (version, file_name, checksum) SETTINGS async_insert = 0"
              + " VALUES ("
              + migration.version()
              + ", '"
              + migration.fileName()
              + "', '"
              + migration.checksum()
              + "')");
      LOG.infof("Applied migration %s to %s", migration.fileName(), database);
      appliedNow.add(migration.version());
    }
    return appliedNow;
  }

  /**
   * Checks, without changing anything, that {@code schema_migrations} lists every shipped migration
   * with its checksum: retriable while some are missing (the migrations Job has not run yet), fatal
   * when one differs.
   */
  public void verify(List<Migration> migrations) {
    List<GenericRecord> rows;
    try {
      rows = query("SELECT version, checksum FROM " + database + ".schema_migrations FINAL");
    } catch (SinkFailure.Fatal e) {
      throw new SinkFailure.Retriable(
          "waiting for the migrations Job: " + database + ".schema_migrations is not readable yet",
          e);
    }
    Map<Integer, String> applied = new HashMap<>();
    rows.forEach(row -> applied.put((int) row.getLong("version"), row.getString("checksum")));
    List<String> missing = new java.util.ArrayList<>();
    for (Migration migration : migrations) {
      String checksum = applied.get(migration.version());
      if (checksum == null) {
        missing.add(migration.fileName());
      } else if (!checksum.equals(migration.checksum())) {
        throw changed(migration, checksum);
      }
    }
    if (!missing.isEmpty()) {
      throw new SinkFailure.Retriable(
          "waiting for the migrations Job: " + database + " lacks " + String.join(", ", missing),
          null);
    }
  }

  private SinkFailure.Fatal changed(Migration migration, String appliedChecksum) {
    return new SinkFailure.Fatal(
        "migration "
            + migration.fileName()
            + " changed after it was applied to "
            + database
            + " (checksum "
            + appliedChecksum
            + " there, "
            + migration.checksum()
            + " here); add a new migration instead",
        null);
  }

  private void run(String sql) {
    try {
      client.execute(sql).get(60, TimeUnit.SECONDS).close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SinkFailure.Retriable("migration interrupted", e);
    } catch (Exception e) {
      throw ClickHouseRowWriter.classify(
          "migration statement `" + abbreviate(sql) + "` on " + database,
          e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e);
    }
  }

  /** The first column of the first row, as text ("0" without rows). */
  private String scalar(String sql) {
    List<GenericRecord> rows = query(sql);
    return rows.isEmpty() ? "0" : rows.getFirst().getString(1);
  }

  private List<GenericRecord> query(String sql) {
    try {
      return client.queryAll(sql);
    } catch (Exception e) {
      throw ClickHouseRowWriter.classify("query `" + sql + "`", e);
    }
  }

  private static String abbreviate(String sql) {
    String line = sql.replaceAll("\\s+", " ");
    return line.length() > 80 ? line.substring(0, 80) + "…" : line;
  }
}
