package io.serialtrace.load.bench;

import io.serialtrace.schemas.topics.TraceTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;

/**
 * Sink throughput beside a bulk insert of the same rows: the gate's unit records of the backlog
 * wait on Kafka while the sink is stopped; the sink starts and is timed from the first of those
 * rows visible in ClickHouse to the last. The baseline reads exactly those rows back as RowBinary
 * and inserts them into a copy of the table in one HTTP request (median of three).
 */
final class SinkPhase {
  private static final int BULK_REPEATS = 3;

  /**
   * A count that stopped short of the expected rows is taken as final after this long without
   * growth (the gate refused some events): long enough for a round of concurrent inserts of full
   * batches on a loaded machine, which shows no new row for seconds.
   */
  private static final Duration SETTLED = Duration.ofSeconds(30);

  private static final Duration NOTHING_AFTER = Duration.ofMinutes(3);

  private SinkPhase() {}

  /**
   * The sink's backlog without the gate phase ({@code --only sink}): with the sink stopped and the
   * gate running, the same units as the gate phase's backlog (warm-up included) are posted to
   * ingest and decided by the gate; returns when their unit records are all on Kafka.
   */
  static GatePhase.Outcome backlog(BenchRun r) throws Exception {
    ProgressLine p = r.progress();
    p.phase("2/5 sink throughput: stopping the sink while the gate decides a backlog");
    r.stop("sink");
    Map<TopicPartition, Long> before = r.kafka().endOffsets(TraceTopic.Names.UNIT_RECORDS);
    int units = r.plan().gateUnits();
    String prefix = "BENCH-" + r.id() + "-";
    long events = (long) (units + units / 2) * BenchPlan.EVENTS_PER_UNIT;
    p.phase("2/5 sink throughput: posting " + events + " events to ingest (sink stopped)");
    GatePhase.postBacklog(r, prefix + "W", units / 2);
    GatePhase.postBacklog(r, prefix + "M", units);
    p.phase("2/5 sink throughput: the gate deciding the sink's backlog");
    r.kafka()
        .count(
            before,
            prefix,
            events,
            Duration.ofMinutes(15),
            n -> p.detail(n + "/" + events + " unit records"));
    return new GatePhase.Outcome(prefix, events, List.of());
  }

  static List<Row> run(BenchRun r, GatePhase.Outcome backlog) throws Exception {
    ProgressLine p = r.progress();
    ClickHouseHttp ch = r.clickHouse();
    String table = BenchRun.PIPELINE_DATABASE + ".unit_records";
    String where = " WHERE serial LIKE '" + backlog.serialPrefix() + "%'";
    p.phase("2/5 sink throughput: starting the sink over the backlog's unit records");
    try (ExecutorService poller = Executors.newSingleThreadExecutor()) {
      Future<KafkaBench.Throughput> rows =
          poller.submit(
              () -> awaitRows(ch, "SELECT count() FROM " + table + where, backlog.events(), p));
      r.start("sink");
      p.phase("2/5 sink throughput: the sink writing the backlog");
      rows.get();
    }
    List<Block> blocks = new ArrayList<>();
    for (String line :
        ch.execute(
                "SELECT toUnixTimestamp64Micro(ingested_at), count() FROM "
                    + table
                    + where
                    + " GROUP BY ingested_at ORDER BY ingested_at FORMAT TSV")
            .strip()
            .split("\n")) {
      String[] fields = line.split("\t");
      blocks.add(new Block(Long.parseLong(fields[0]), Long.parseLong(fields[1])));
    }
    KafkaBench.Throughput sink =
        fromQueryLog(ch, table, blocks)
            .or(() -> fromBlocks(blocks))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the sink wrote the backlog in "
                            + blocks.size()
                            + " insert(s): too few to time (a larger backlog is needed)"));
    int partitions = r.kafka().endOffsets(TraceTopic.Names.UNIT_RECORDS).size();
    String inserts = Block.describe(blocks, partitions);
    p.result(
        String.format(
            Locale.ROOT,
            "sink: %d rows in %.1f s = %.0f rows/s (%s)",
            sink.items(),
            sink.seconds(),
            sink.perSecond(),
            inserts));

    p.phase("2/5 sink throughput: baseline, one bulk RowBinary insert of the same rows");
    String columns =
        String.join(
            ", ",
            ch.execute(
                    "SELECT name FROM system.columns WHERE database = '"
                        + BenchRun.PIPELINE_DATABASE
                        + "' AND table = 'unit_records' AND default_kind = '' ORDER BY position")
                .strip()
                .split("\n"));
    String copy = BenchRun.BENCH_DATABASE + ".unit_records_bulk";
    ch.execute("CREATE DATABASE IF NOT EXISTS " + BenchRun.BENCH_DATABASE);
    ch.execute("DROP TABLE IF EXISTS " + copy);
    ch.execute("CREATE TABLE " + copy + " AS " + table);
    byte[] data = ch.bytes("SELECT " + columns + " FROM " + table + where + " FORMAT RowBinary");
    double[] seconds = new double[BULK_REPEATS];
    long rows = 0;
    for (int i = 0; i < BULK_REPEATS; i++) {
      ch.execute("TRUNCATE TABLE " + copy);
      long t0 = System.nanoTime();
      ch.insert("INSERT INTO " + copy + " (" + columns + ") FORMAT RowBinary", data);
      seconds[i] = (System.nanoTime() - t0) / 1e9;
      rows = ch.scalar("SELECT count() FROM " + copy);
      p.detail("insert " + (i + 1) + "/" + BULK_REPEATS + ": " + rows + " rows");
    }
    ch.execute("DROP TABLE IF EXISTS " + copy);
    Arrays.sort(seconds);
    double bulkRate = rows / seconds[BULK_REPEATS / 2];
    p.result(
        String.format(
            Locale.ROOT,
            "bulk RowBinary: %d rows (%,d bytes) in %.3f s = %.0f rows/s (median of %d)",
            rows,
            data.length,
            seconds[BULK_REPEATS / 2],
            bulkRate,
            BULK_REPEATS));
    return List.of(
        new Row(
            "sink",
            "sink throughput (unit_records rows of the gate's backlog, Kafka → Avro → ClickHouse)",
            new Figure(sink.perSecond(), "rows/s"),
            new Baseline.Measured(
                "one bulk INSERT … FORMAT RowBinary over HTTP of the same "
                    + rows
                    + " rows (median of "
                    + BULK_REPEATS
                    + ")",
                new Figure(bulkRate, "rows/s")),
            "sink restarted over the records the gate wrote while it was stopped; every row ÷"
                + " the time from the start of its first unit_records insert to the end of its"
                + " last (ClickHouse's query_log: concurrent inserts overlap, the first and last"
                + " inserts' own durations count) ("
                + inserts
                + "); the sink also wrote the same events' genealogy_edges and units rows, not"
                + " counted"));
  }

  /**
   * One insert of the sink, as ClickHouse stamped it.
   *
   * @param ingestedAtMicros the rows' {@code ingested_at} (set once per insert)
   * @param rows rows it wrote
   */
  record Block(long ingestedAtMicros, long rows) {

    /**
     * How the sink cut the rows: inserts, rows per insert (mean and largest) and the partitions of
     * the topic they came from — the figure means little when timed over a handful of inserts.
     */
    static String describe(List<Block> blocks, int partitions) {
      long rows = blocks.stream().mapToLong(Block::rows).sum();
      long largest = blocks.stream().mapToLong(Block::rows).max().orElse(0);
      return String.format(
          Locale.ROOT,
          "%d unit_records inserts from %d partitions, %.0f rows per insert on average, at most"
              + " %d",
          blocks.size(),
          partitions,
          blocks.isEmpty() ? 0.0 : (double) rows / blocks.size(),
          largest);
    }
  }

  /**
   * The sink's rate as ClickHouse saw its inserts of the backlog ({@code blocks}, each stamped with
   * its start by {@code ingested_at}): every row over the time from the start of the first
   * unit_records insert to the end of the last, from {@code system.query_log} (flushed first).
   * Inserts that overlap (a sink inserting partitions concurrently) are not counted twice, and the
   * last insert's own duration counts. Empty when the query log holds none of them (logging off).
   */
  static java.util.Optional<KafkaBench.Throughput> fromQueryLog(
      ClickHouseHttp ch, String table, List<Block> blocks) throws Exception {
    if (blocks.isEmpty()) {
      return java.util.Optional.empty();
    }
    ch.execute("SYSTEM FLUSH LOGS");
    long from = blocks.getFirst().ingestedAtMicros() - 1_000_000;
    long to = blocks.getLast().ingestedAtMicros() + 1_000_000;
    String[] span =
        ch.execute(
                "SELECT count(), toUnixTimestamp64Micro(min(query_start_time_microseconds)),"
                    + " toUnixTimestamp64Micro(max(event_time_microseconds)) FROM system.query_log"
                    + " WHERE type = 'QueryFinish' AND query_kind = 'Insert' AND has(tables, '"
                    + table
                    + "') AND query_start_time_microseconds BETWEEN fromUnixTimestamp64Micro("
                    + from
                    + ") AND fromUnixTimestamp64Micro("
                    + to
                    + ") FORMAT TSV")
            .strip()
            .split("\t");
    if (Long.parseLong(span[0]) == 0) {
      return java.util.Optional.empty();
    }
    long rows = blocks.stream().mapToLong(Block::rows).sum();
    return java.util.Optional.of(
        fromInsertSpan(rows, Long.parseLong(span[1]), Long.parseLong(span[2])));
  }

  /** {@code rows} over the time from the first insert's start to the last one's end. */
  static KafkaBench.Throughput fromInsertSpan(
      long rows, long firstStartMicros, long lastEndMicros) {
    return new KafkaBench.Throughput(rows, (lastEndMicros - firstStartMicros) / 1e6);
  }

  /**
   * The sink's rate from its inserts in time order, when the query log is off: the rows after the
   * first insert over the time from the first insert to the last (the first insert's own duration
   * is not visible from outside, and the sink's start-up is not part of its rate). Empty with fewer
   * than two inserts.
   */
  static java.util.Optional<KafkaBench.Throughput> fromBlocks(List<Block> blocks) {
    if (blocks.size() < 2) {
      return java.util.Optional.empty();
    }
    long rows = blocks.stream().skip(1).mapToLong(Block::rows).sum();
    double seconds =
        (blocks.getLast().ingestedAtMicros() - blocks.getFirst().ingestedAtMicros()) / 1e6;
    return java.util.Optional.of(new KafkaBench.Throughput(rows, seconds));
  }

  /**
   * Polls a count until it reaches {@code expected} or stops growing for {@link #SETTLED}; timed
   * from the first row seen to the last growth.
   */
  static KafkaBench.Throughput awaitRows(
      ClickHouseHttp ch, String countSql, long expected, ProgressLine p) throws Exception {
    long start = System.nanoTime();
    long deadline = start + Duration.ofMinutes(10).toNanos();
    long firstCount = 0;
    long first = 0;
    long lastCount = 0;
    long last = 0;
    while (System.nanoTime() < deadline) {
      long count = ch.scalar(countSql);
      long now = System.nanoTime();
      if (count > 0 && first == 0) {
        first = now;
        firstCount = count;
      }
      if (count > lastCount) {
        lastCount = count;
        last = now;
      }
      p.detail(count + (expected == Long.MAX_VALUE ? "" : "/" + expected) + " rows");
      if (count == 0 && now - start > NOTHING_AFTER.toNanos()) {
        throw new IllegalStateException(
            "no row within "
                + NOTHING_AFTER
                + " ("
                + countSql
                + "): did the gate refuse the events? See trace.violations and ./trace logs sink");
      }
      if (count >= expected || (count > 0 && now - last > SETTLED.toNanos())) {
        return new KafkaBench.Throughput(lastCount - firstCount, (last - first) / 1e9);
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("rows did not settle within 10 minutes: " + countSql);
  }
}
