package io.serialtrace.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.serialtrace.sink.schema.Migration;
import io.serialtrace.sink.schema.MigrationRunner;
import io.serialtrace.sink.schema.Migrations;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V006 moves a database's unit_records from the replacing table to the append-only one: every row
 * it held stays (a forged second version of a seq included), rows with event bytes are marked as
 * written by a sink that stores them, rows without are not, and a second run changes nothing.
 */
@ExtendWith(LocalStackExtension.class)
class AppendOnlyRecordsMigrationIT {
  private static final String COLUMNS =
      "(serial, seq, plant, station, actor, actor_type, event_id, event_type, event_time,"
          + " received_time, recorded_at, source, prev_hash, record_hash, route_product,"
          + " route_revision, payload, event_avro, kafka_partition, kafka_offset)";

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void movesEveryStoredRowIntoTheAppendOnlyTable(StackEndpoints stack) throws Exception {
    String database = SinkHarness.unique("trace_v006_it");
    try (Client client = SinkHarness.clickHouse(stack)) {
      try {
        // 1. A database at V005: unit_records is still a ReplacingMergeTree, merges stopped so
        //    that a forged copy of seq 2 has not replaced the original yet.
        List<Migration> shipped = Migrations.shipped();
        MigrationRunner runner = new MigrationRunner(client, database);
        runner.migrate(shipped.subList(0, 5));
        execute(client, "SYSTEM STOP MERGES " + database + ".unit_records");
        execute(
            client,
            "INSERT INTO "
                + database
                + ".unit_records "
                + COLUMNS
                + " VALUES "
                + row(1, "op1", "", 1)
                + ", "
                + row(2, "op1", "bytes-2", 2)
                + ", "
                + row(3, "op1", "bytes-3", 3));
        execute(
            client,
            "INSERT INTO "
                + database
                + ".unit_records "
                + COLUMNS
                + " VALUES "
                + row(2, "X", "", 9));

        // 2. V006 applied.
        assertThat(runner.migrate(shipped.subList(0, 6))).containsExactly(6);

        // 3. The table is append-only, the old one kept beside it, every row moved.
        assertThat(engine(client, database, "unit_records")).isEqualTo("MergeTree");
        assertThat(engine(client, database, "unit_records_replacing_v001"))
            .isEqualTo("ReplacingMergeTree");
        List<GenericRecord> rows =
            client.queryAll(
                "SELECT seq, actor, event_avro_stored FROM "
                    + database
                    + ".unit_records ORDER BY seq, kafka_offset");
        assertThat(rows)
            .extracting(r -> r.getLong(1) + "/" + r.getString(2) + "/" + r.getLong(3))
            .containsExactly("1/op1/0", "2/op1/1", "2/X/0", "3/op1/1");

        // 4. A forced merge keeps both versions of seq 2 now.
        execute(client, "SYSTEM START MERGES " + database + ".unit_records");
        execute(client, "OPTIMIZE TABLE " + database + ".unit_records FINAL");
        assertThat(
                SinkHarness.scalar(
                    client, "SELECT count() FROM " + database + ".unit_records WHERE seq = 2"))
            .isEqualTo(2);

        // 5. Its condition no longer holds, so a re-run could not swap the tables back.
        assertThat(SinkHarness.scalar(client, shipped.get(5).condition(database).orElseThrow()))
            .isZero();
        assertThat(runner.migrate(shipped.subList(0, 6))).isEmpty();
      } finally {
        SinkHarness.dropDatabase(client, database);
      }
    }
  }

  private static String row(long seq, String actor, String eventAvro, long offset) {
    return "('SN-1', "
        + seq
        + ", 'P1', 'ST-10', '"
        + actor
        + "', 'OPERATOR', generateUUIDv4(), 'StepStarted', now64(6), now64(6), now64(6),"
        + " 'HTTP', 'prev', 'hash', 'PUMP', 'B', '{}', '"
        + eventAvro
        + "', 0, "
        + offset
        + ")";
  }

  private static String engine(Client client, String database, String table) {
    return client
        .queryAll(
            "SELECT engine FROM system.tables WHERE database = '"
                + database
                + "' AND name = '"
                + table
                + "'")
        .getFirst()
        .getString(1);
  }

  private static void execute(Client client, String sql) throws Exception {
    client.execute(sql).get(60, TimeUnit.SECONDS).close();
  }
}
