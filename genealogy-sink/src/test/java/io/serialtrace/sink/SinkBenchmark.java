package io.serialtrace.sink;

import static io.serialtrace.sink.SinkHarness.scalar;

import com.clickhouse.client.api.Client;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.sink.batch.Batch;
import io.serialtrace.sink.batch.BatchBuilder;
import io.serialtrace.sink.batch.Decoded;
import io.serialtrace.sink.batch.OffsetRange;
import io.serialtrace.sink.batch.Records;
import io.serialtrace.sink.batch.TableInsert;
import io.serialtrace.sink.delivery.ClickHouseRowWriter;
import io.serialtrace.sink.schema.MigrationRunner;
import io.serialtrace.sink.schema.Migrations;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Hand-run harness (not a test): sink rows/s beside a bulk RowBinary insert of the same rows in the
 * same run, and event-to-queryable latency p99 at a stated rate. Needs the local stack up.
 *
 * <pre>
 * source /work/wt/ports-sink.env   # or your ports
 * ./mvnw -B -ntp -pl genealogy-sink -am test-compile -DskipTests
 * ./mvnw -B -ntp -pl genealogy-sink exec:java ... (or run the class from the IDE / java -cp)
 * </pre>
 *
 * Arguments: {@code [records=200000] [rate=2000] [seconds=20]}.
 */
public final class SinkBenchmark {
  private SinkBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    StackEndpoints stack = StackEndpoints.of(StackSettings.fromEnvironment(RepositoryHome.find()));
    SinkHarness.ensureTopics(stack);
    String prefix = SinkHarness.unique("SN-BENCH");
    String bulkDb = SinkHarness.unique("trace_bench_bulk");
    String sinkDb = SinkHarness.unique("trace_bench_sink");
    String latencyDb = SinkHarness.unique("trace_bench_latency");
    try (Client client = SinkHarness.clickHouse(stack)) {
      try {
        // 1. The same rows for both: records[i] = a StepStarted unit record of its own serial.
        List<UnitRecord> values = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
          values.add(TestRecords.stepStarted(prefix + "-" + i, 2));
        }

        // 2. Baseline: one bulk RowBinary insert over HTTP of exactly these rows.
        new MigrationRunner(client, bulkDb).migrate(Migrations.shipped());
        List<Decoded> decoded = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
          decoded.add(Records.value(SinkTopic.UNIT_RECORDS.topicName(), 0, i, values.get(i)));
        }
        Batch batch =
            BatchBuilder.build(
                new OffsetRange(SinkTopic.UNIT_RECORDS.topicName(), 0, 0, records - 1), decoded);
        TableInsert insert = batch.inserts().getFirst();
        ClickHouseRowWriter writer = new ClickHouseRowWriter(client, bulkDb, 120_000);
        long bulkStart = System.nanoTime();
        writer.insert(insert, "bench-" + prefix);
        double bulkSeconds = (System.nanoTime() - bulkStart) / 1e9;
        double bulkRate = records / bulkSeconds;

        // 3. Through the sink: pre-load the topic, then time the sink from first row to last.
        String group = SinkHarness.unique("bench-sink");
        SinkHarness.startGroupAtEnd(stack, group);
        try (KafkaProducer<String, Object> producer = SinkHarness.producer(stack)) {
          for (UnitRecord value : values) {
            producer.send(
                new ProducerRecord<>(SinkTopic.UNIT_RECORDS.topicName(), value.getSerial(), value));
          }
          producer.flush();
        }
        String count = "SELECT count() FROM " + sinkDb + ".unit_records";
        long firstNanos;
        long lastNanos;
        try (SinkHarness.RunningSink sink =
            new SinkHarness.RunningSink(SinkHarness.settings(stack, sinkDb, group))) {
          SinkHarness.awaitValue(() -> scalar(client, count), 1, Duration.ofSeconds(60));
          firstNanos = System.nanoTime();
          long firstRows = scalar(client, count);
          SinkHarness.awaitValue(() -> scalar(client, count), records, Duration.ofMinutes(5));
          lastNanos = System.nanoTime();
          double sinkRate = (records - firstRows) / ((lastNanos - firstNanos) / 1e9);
          System.out.printf(
              "THROUGHPUT records=%d bulk=%.0f rows/s (%.2f s) sink=%.0f rows/s ratio=%.3f%n",
              records, bulkRate, bulkSeconds, sinkRate, sinkRate / bulkRate);
        }

        // 4. Latency at a stated rate: recordedAt = send time; ingested_at = server insert time.
        String latencyGroup = SinkHarness.unique("bench-latency");
        SinkHarness.startGroupAtEnd(stack, latencyGroup);
        try (SinkHarness.RunningSink sink =
                new SinkHarness.RunningSink(SinkHarness.settings(stack, latencyDb, latencyGroup));
            KafkaProducer<String, Object> producer = SinkHarness.producer(stack)) {
          Thread.sleep(8_000); // group join and migrations before the clock starts
          int total = rate * seconds;
          long start = System.nanoTime();
          for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            while (System.nanoTime() < due) {
              Thread.onSpinWait();
            }
            UnitRecord value = TestRecords.stepStarted(prefix + "-L" + i, 2);
            value.setRecordedAt(Instant.now().truncatedTo(ChronoUnit.MICROS));
            producer.send(
                new ProducerRecord<>(SinkTopic.UNIT_RECORDS.topicName(), value.getSerial(), value));
          }
          producer.flush();
          String latencyCount = "SELECT count() FROM " + latencyDb + ".unit_records";
          SinkHarness.awaitValue(() -> scalar(client, latencyCount), total, Duration.ofMinutes(2));
          var row =
              SinkHarness.rows(
                      client,
                      "SELECT count() AS n,"
                          + " quantile(0.5)(dateDiff('microsecond', recorded_at, ingested_at)) AS p50,"
                          + " quantile(0.99)(dateDiff('microsecond', recorded_at, ingested_at)) AS p99,"
                          + " max(dateDiff('microsecond', recorded_at, ingested_at)) AS mx FROM "
                          + latencyDb
                          + ".unit_records")
                  .getFirst();
          System.out.printf(
              "LATENCY rate=%d/s for %d s rows=%d p50=%.1f ms p99=%.1f ms max=%.1f ms"
                  + " (max-wait %s)%n",
              rate,
              seconds,
              row.getLong("n"),
              row.getDouble("p50") / 1000,
              row.getDouble("p99") / 1000,
              row.getDouble("mx") / 1000,
              "PT0.2S");
        }
      } finally {
        SinkHarness.dropDatabase(client, bulkDb);
        SinkHarness.dropDatabase(client, sinkDb);
        SinkHarness.dropDatabase(client, latencyDb);
      }
    }
  }
}
