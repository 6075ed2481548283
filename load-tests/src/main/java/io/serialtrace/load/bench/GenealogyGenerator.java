package io.serialtrace.load.bench;

import java.util.List;

/**
 * The synthetic genealogy of the trace measurement, as SQL run inside each engine (ClickHouse
 * {@code INSERT … SELECT FROM numbers()}, PostgreSQL {@code INSERT … SELECT FROM
 * generate_series()}), so both hold exactly the same edges and units.
 *
 * <p>Units come in chains of five: {@code B{n}-0 ← B{n}-1 ← … ← B{n}-4 ← LOT-{n / 10000}} (a
 * parent's edge to the component it installed). A backward trace of {@code B{n}-0} to depth 5 walks
 * one chain; a lot is in the 10,000 units {@code B{n}-4} of its chains and, five levels up, in
 * 50,000. Chains are numbered, so a larger scale is the smaller one plus more chains, and lots hold
 * 10,000 chains at every scale.
 */
public final class GenealogyGenerator {
  /** Units per chain (the trace depth). */
  public static final int CHAIN_LENGTH = 5;

  /** Chains that use one lot: the lot is "used in 10k units". */
  public static final int CHAINS_PER_LOT = 10_000;

  private GenealogyGenerator() {}

  /** Chains needed for {@code units} units. */
  public static long chains(long units) {
    return units / CHAIN_LENGTH;
  }

  /** Lots at a scale (each in {@link #CHAINS_PER_LOT} chains), at least one. */
  public static long lots(long units) {
    return Math.max(1, chains(units) / CHAINS_PER_LOT);
  }

  /** The top unit of chain {@code n} (the start of a backward trace). */
  public static String topUnit(long chain) {
    return "B" + chain + "-0";
  }

  /** Lot number {@code k}. */
  public static String lot(long k) {
    return "LOT-" + k;
  }

  /**
   * ClickHouse statements adding chains {@code [from, from + count)} to {@code database}'s
   * genealogy_edges and units (the sink's tables, so trace-api reads them as it reads real data).
   */
  public static List<String> clickHouseInserts(String database, long from, long count) {
    String edgeColumns =
        "(parent_serial, child, child_kind, child_serial, lot_id, edge_type, part, qty, step_id,"
            + " plant, event_id, event_time, kafka_partition, kafka_offset)";
    String serialEdges =
        "INSERT INTO "
            + database
            + ".genealogy_edges "
            + edgeColumns
            + " SELECT concat('B', toString(intDiv(number, 4)), '-', toString(number % 4)),"
            + " concat('B', toString(intDiv(number, 4)), '-', toString(number % 4 + 1)), 'SERIAL',"
            + " concat('B', toString(intDiv(number, 4)), '-', toString(number % 4 + 1)), NULL,"
            + " 'INSTALLED', concat('PART-', toString(number % 4)), 1, 'assemble',"
            + " if(intDiv(number, 4) % 2 = 0, 'P1', 'P2'), generateUUIDv4(number),"
            + " toDateTime64('2026-01-01 00:00:00', 6, 'UTC') + intDiv(number, 4), 0, number"
            + " FROM numbers("
            + from * 4
            + ", "
            + count * 4
            + ") SETTINGS async_insert = 0";
    String lotEdges =
        "INSERT INTO "
            + database
            + ".genealogy_edges "
            + edgeColumns
            + " SELECT concat('B', toString(number), '-4'), concat('LOT-', toString(intDiv(number, "
            + CHAINS_PER_LOT
            + "))), 'LOT', NULL, concat('LOT-', toString(intDiv(number, "
            + CHAINS_PER_LOT
            + "))), 'INSTALLED', 'RESIN', 1, 'mold', 'P1', generateUUIDv4(number),"
            + " toDateTime64('2026-01-01 00:00:00', 6, 'UTC') + number, 0, number FROM numbers("
            + from
            + ", "
            + count
            + ") SETTINGS async_insert = 0";
    String units =
        "INSERT INTO "
            + database
            + ".units (serial, plant, product, work_order, route_revision, status, status_at,"
            + " record_head, record_count, violation_count, version, kafka_topic, kafka_partition,"
            + " kafka_offset) SELECT concat('B', toString(intDiv(number, 5)), '-',"
            + " toString(number % 5)), if(intDiv(number, 5) % 2 = 0, 'P1', 'P2'), 'PUMP', 'WO', 'A',"
            + " if(number % 3 = 0, 'COMPLETED', 'IN_WORK'), toDateTime64('2026-01-02 00:00:00', 6,"
            + " 'UTC'), '', 1, 0, 3, 'generated', 0, number FROM numbers("
            + from * CHAIN_LENGTH
            + ", "
            + count * CHAIN_LENGTH
            + ") SETTINGS async_insert = 0";
    return List.of(serialEdges, lotEdges, units, closure(database, from, count));
  }

  /**
   * The genealogy closure of chains {@code [from, from + count)} (genealogy-sink's V008 rows, which
   * its closure-rebuild derives from the edges; generated here as directly as the edges, so that a
   * scale costs one pass): per chain 15 DOWN rows (each unit's links below it, the lot's included)
   * and 15 UP rows (each unit's links above it, and the lot's range: every link of the chain). Link
   * {@code l} of a chain is {@code B{n}-l → B{n}-(l+1)} for l < 4 and {@code B{n}-4 → LOT} for l =
   * 4, with the facts of its edge above.
   */
  private static String closure(String database, long from, long count) {
    String link =
        " concat('B', toString(n), '-', toString(l)) AS parent_serial,"
            + " if(l < 4, concat('B', toString(n), '-', toString(l + 1)), concat('LOT-',"
            + " toString(intDiv(n, "
            + CHAINS_PER_LOT
            + ")))) AS child, if(l < 4, 'SERIAL', 'LOT') AS child_kind,"
            + " if(l < 4, concat('PART-', toString(l)), 'RESIN') AS part, 1 AS qty,"
            + " if(l < 4, 'assemble', 'mold') AS step_id,"
            + " if(l < 4 AND n % 2 = 1, 'P2', 'P1') AS plant,"
            + " toDateTime64('2026-01-01 00:00:00', 6, 'UTC') + n AS event_time, 1 AS installed";
    // node index k: 0..4 the units B{n}-k, 5 the lot; DOWN: links l >= k of a unit k < 5;
    // UP: links l < k of a unit, every link (at depth 5 - l) of the lot.
    return "INSERT INTO "
        + database
        + ".genealogy_closure (direction, node, depth, parent_serial, child, child_kind, part, qty,"
        + " step_id, plant, event_time, installed) SELECT direction, if(k < 5, concat('B',"
        + " toString(n), '-', toString(k)), concat('LOT-', toString(intDiv(n, "
        + CHAINS_PER_LOT
        + ")))) AS node, toUInt32(if(direction = 'DOWN', l - k + 1, k - l)) AS depth,"
        + link
        + " FROM (SELECT number AS n FROM numbers("
        + from
        + ", "
        + count
        + ")) ARRAY JOIN ['DOWN', 'UP'] AS direction ARRAY JOIN range(6) AS k ARRAY JOIN range(5)"
        + " AS l WHERE if(direction = 'DOWN', k < 5 AND l >= k, l < k)"
        + " SETTINGS async_insert = 0";
  }

  /** PostgreSQL tables (unlogged: a benchmark copy, rebuilt by every run). */
  public static List<String> postgresSchema() {
    return List.of(
        "DROP TABLE IF EXISTS genealogy_edges",
        "DROP TABLE IF EXISTS units",
        "CREATE UNLOGGED TABLE genealogy_edges (parent_serial text NOT NULL, child text NOT NULL,"
            + " child_kind text NOT NULL, edge_type text NOT NULL, part text NOT NULL,"
            + " qty integer NOT NULL, step_id text NOT NULL, plant text NOT NULL,"
            + " event_time timestamptz NOT NULL)",
        "CREATE UNLOGGED TABLE units (serial text NOT NULL, plant text NOT NULL,"
            + " product text NOT NULL, status text NOT NULL)");
  }

  /** PostgreSQL statements adding chains {@code [from, from + count)}: the same rows as above. */
  public static List<String> postgresInserts(long from, long count) {
    long last = from + count - 1;
    String serialEdges =
        "INSERT INTO genealogy_edges SELECT 'B' || n || '-' || l, 'B' || n || '-' || (l + 1),"
            + " 'SERIAL', 'INSTALLED', 'PART-' || l, 1, 'assemble',"
            + " CASE WHEN n % 2 = 0 THEN 'P1' ELSE 'P2' END,"
            + " timestamptz '2026-01-01 00:00:00+00' + n * interval '1 second'"
            + " FROM generate_series("
            + from
            + "::bigint, "
            + last
            + ") n CROSS JOIN generate_series(0, 3) l";
    String lotEdges =
        "INSERT INTO genealogy_edges SELECT 'B' || n || '-4', 'LOT-' || (n / "
            + CHAINS_PER_LOT
            + "), 'LOT', 'INSTALLED', 'RESIN', 1, 'mold', 'P1',"
            + " timestamptz '2026-01-01 00:00:00+00' + n * interval '1 second'"
            + " FROM generate_series("
            + from
            + "::bigint, "
            + last
            + ") n";
    String units =
        "INSERT INTO units SELECT 'B' || n || '-' || l, CASE WHEN n % 2 = 0 THEN 'P1' ELSE 'P2'"
            + " END, 'PUMP', CASE WHEN (n * 5 + l) % 3 = 0 THEN 'COMPLETED' ELSE 'IN_WORK' END"
            + " FROM generate_series("
            + from
            + "::bigint, "
            + last
            + ") n CROSS JOIN generate_series(0, 4) l";
    return List.of(serialEdges, lotEdges, units);
  }

  /** Indexes dropped before a bulk load (a rebuild is faster than row-by-row upkeep). */
  public static List<String> postgresDropIndexes() {
    return List.of(
        "DROP INDEX IF EXISTS genealogy_edges_by_parent",
        "DROP INDEX IF EXISTS genealogy_edges_by_child",
        "DROP INDEX IF EXISTS units_by_serial");
  }

  /** Indexes for the two walks (the same orders as ClickHouse's key and by_child projection). */
  public static List<String> postgresCreateIndexes() {
    return List.of(
        "CREATE INDEX genealogy_edges_by_parent ON genealogy_edges (parent_serial)",
        "CREATE INDEX genealogy_edges_by_child ON genealogy_edges (child)",
        "CREATE UNIQUE INDEX units_by_serial ON units (serial)",
        "ANALYZE genealogy_edges",
        "ANALYZE units");
  }
}
