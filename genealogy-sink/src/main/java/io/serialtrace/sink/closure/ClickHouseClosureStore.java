package io.serialtrace.sink.closure;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QuerySettings;
import io.serialtrace.sink.batch.RowBinary;
import io.serialtrace.sink.batch.RowBinaryRows;
import io.serialtrace.sink.batch.SinkTable;
import io.serialtrace.sink.batch.TableInsert;
import io.serialtrace.sink.closure.ClosureRow.RangeKey;
import io.serialtrace.sink.delivery.ClickHouseRowWriter;
import io.serialtrace.sink.delivery.RowWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The closure in ClickHouse: link states from the {@code genealogy_links} view (V008: edges folded
 * by argMax over event_time, as trace-api folds them), ranges from {@code genealogy_closure}
 * (primary-key ranges), rows inserted through the sink's {@link RowWriter}. Values travel as
 * escaped literals; a batch's lists can pass the default 256 KiB query size, so each read raises
 * {@code max_query_size}. Each read is bounded by the client's socket timeout
 * (sink.clickhouse.request-timeout).
 */
public final class ClickHouseClosureStore implements ClosureStore {
  private static final String MAX_QUERY_SIZE = String.valueOf(64 * 1024 * 1024);

  private final Client client;
  private final RowWriter writer;
  private final String database;

  public ClickHouseClosureStore(Client client, RowWriter writer, String database) {
    this.client = client;
    this.writer = writer;
    this.database = database;
  }

  @Override
  public List<Link> links(Collection<LinkKey> keys) {
    String parents =
        keys.stream().map(k -> literal(k.parent())).distinct().collect(Collectors.joining(","));
    String pairs =
        keys.stream()
            .map(k -> "(" + literal(k.parent()) + "," + literal(k.child()) + ")")
            .collect(Collectors.joining(","));
    String sql =
        "SELECT parent_serial, child, child_kind, part, toInt32(qty) AS qty, step_id, plant,"
            + " toUnixTimestamp64Micro(at) AS at_us, toUInt8(installed) AS installed FROM "
            + database
            + ".genealogy_links WHERE parent_serial IN ("
            + parents
            + ") AND (parent_serial, child) IN ("
            + pairs
            + ")";
    List<Link> links = new ArrayList<>();
    for (GenericRecord row : query("link states of " + keys.size() + " links", sql)) {
      links.add(link(row));
    }
    return links;
  }

  @Override
  public List<ClosureRow> ranges(Collection<RangeKey> ranges) {
    List<String> conditions = new ArrayList<>();
    for (Direction direction : Direction.values()) {
      String nodes =
          ranges.stream()
              .filter(r -> r.direction() == direction)
              .map(r -> literal(r.node()))
              .distinct()
              .collect(Collectors.joining(","));
      if (!nodes.isEmpty()) {
        conditions.add("(direction = '" + direction + "' AND node IN (" + nodes + "))");
      }
    }
    String sql =
        "SELECT direction, node, parent_serial, child, toInt32(min(depth)) AS depth,"
            + " argMax(child_kind, event_time) AS child_kind, argMax(part, event_time) AS part,"
            + " toInt32(argMax(qty, event_time)) AS qty, argMax(step_id, event_time) AS step_id,"
            + " argMax(plant, event_time) AS plant,"
            + " toUnixTimestamp64Micro(max(event_time)) AS at_us,"
            + " toUInt8(argMax(installed, event_time)) AS installed FROM "
            + database
            + ".genealogy_closure WHERE "
            + String.join(" OR ", conditions)
            + " GROUP BY direction, node, parent_serial, child";
    List<ClosureRow> rows = new ArrayList<>();
    for (GenericRecord row : query(ranges.size() + " closure ranges", sql)) {
      rows.add(
          new ClosureRow(
              Direction.valueOf(row.getString("direction")),
              row.getString("node"),
              row.getInteger("depth"),
              link(row)));
    }
    return rows;
  }

  @Override
  public void insert(List<ClosureRow> rows) {
    RowBinaryRows binary = new RowBinaryRows(SinkTable.GENEALOGY_CLOSURE);
    for (ClosureRow row : rows) {
      Link link = row.link();
      binary
          .string("direction", row.direction().name())
          .string("node", row.node())
          .uint32("depth", row.depth())
          .string("parent_serial", link.parent())
          .string("child", link.child())
          .string("child_kind", link.childKind())
          .string("part", link.part())
          .int32("qty", link.qty())
          .string("step_id", link.stepId())
          .string("plant", link.plant())
          .dateTime64("event_time", micros(link.atMicros()))
          .uint8("installed", link.installed() ? 1 : 0)
          .endRow();
    }
    RowBinary data = binary.data();
    // The token names the content: the same rows again are dropped, other rows never are.
    writer.insert(
        new TableInsert(SinkTable.GENEALOGY_CLOSURE, rows.size(), data),
        "genealogy_closure:" + sha256(data.bytes()));
  }

  private List<GenericRecord> query(String what, String sql) {
    try {
      return client.queryAll(
          sql, new QuerySettings().serverSetting("max_query_size", MAX_QUERY_SIZE));
    } catch (RuntimeException e) {
      throw ClickHouseRowWriter.classify("closure read of " + what, e);
    }
  }

  /** A link as the closure queries select it (time as at_us, installed as 0/1). */
  static Link link(GenericRecord row) {
    return new Link(
        row.getString("parent_serial"),
        row.getString("child"),
        row.getString("child_kind"),
        row.getString("part"),
        row.getInteger("qty"),
        row.getString("step_id"),
        row.getString("plant"),
        row.getLong("at_us"),
        row.getInteger("installed") == 1);
  }

  private static Instant micros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L))
        .plusNanos(Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** A ClickHouse string literal: quotes and backslashes escaped. */
  static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
