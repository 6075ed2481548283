package io.serialtrace.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BenchResultsTest {

  @Test
  void ratioIsFigureOverAMeasuredBaseline() {
    Row row =
        new Row(
            "trace",
            "backward",
            new Figure(20, "ms"),
            new Baseline.Measured("pg", new Figure(5, "ms")),
            "m");
    assertThat(row.ratio()).hasValue(4.0);
  }

  @Test
  void noRatioWithoutABaselineOrAgainstZero() {
    assertThat(new Row("s", "x", new Figure(1, "ms"), new Baseline.NotMeasured("why"), "m").ratio())
        .isEmpty();
    assertThat(
            new Row(
                    "s",
                    "x",
                    new Figure(1, "ms"),
                    new Baseline.Measured("zero", new Figure(0, "ms")),
                    "m")
                .ratio())
        .isEmpty();
  }

  @Test
  void latencyPercentilesComeFromMicrosecondHistogramsInMilliseconds() {
    // 1. 1..1000 ms recorded in microseconds.
    Histogram micros = Latency.histogram();
    for (int ms = 1; ms <= 1000; ms++) {
      micros.recordValue(ms * 1_000L);
    }

    // 2. Percentiles in ms, within the histogram's 3 significant digits.
    Latency latency = Latency.ofMicros(micros);
    assertThat(latency.count()).isEqualTo(1000);
    assertThat(latency.p50()).isBetween(499.0, 501.0);
    assertThat(latency.p99()).isBetween(989.0, 991.0);
    assertThat(latency.p999()).isBetween(998.0, 1000.5);
    assertThat(latency.max()).isBetween(999.0, 1000.5);
  }

  @Test
  void sinkRateCountsTheRowsAfterTheFirstInsertOverTheTimeBetweenInserts() {
    // 1. Three inserts: 5,000 rows at t=0, 5,000 at t=0.5 s, 2,000 at t=1.0 s.
    List<SinkPhase.Block> blocks =
        List.of(
            new SinkPhase.Block(10_000_000, 5_000),
            new SinkPhase.Block(10_500_000, 5_000),
            new SinkPhase.Block(11_000_000, 2_000));

    // 2. The first insert's duration is not visible: 7,000 rows in 1.0 s.
    KafkaBench.Throughput rate = SinkPhase.fromBlocks(blocks).orElseThrow();
    assertThat(rate.items()).isEqualTo(7_000);
    assertThat(rate.seconds()).isEqualTo(1.0);
    assertThat(rate.perSecond()).isEqualTo(7_000.0);

    // 3. One insert cannot be timed.
    assertThat(SinkPhase.fromBlocks(List.of(new SinkPhase.Block(1, 4_000)))).isEmpty();

    // 4. From the query log: every row over first start → last end (overlaps not counted twice).
    KafkaBench.Throughput span = SinkPhase.fromInsertSpan(12_000, 10_000_000, 12_000_000);
    assertThat(span.items()).isEqualTo(12_000);
    assertThat(span.seconds()).isEqualTo(2.0);

    // 5. The report says how the rows were cut: inserts, rows per insert, partitions.
    assertThat(SinkPhase.Block.describe(blocks, 6))
        .isEqualTo(
            "3 unit_records inserts from 6 partitions, 4000 rows per insert on average, at most"
                + " 5000");
  }

  @Test
  void jsonCarriesMachineCommandRowsWithRatiosAndMemory() {
    // 1. A report with one measured row.
    BenchReport report =
        new BenchReport(
            Instant.parse("2026-11-26T05:00:00Z"),
            Duration.ofSeconds(90),
            BenchPlan.Mode.QUICK,
            "./trace bench --quick",
            new Machine(2, 24_000, "jdk", "os", "abc", "1 1 1", "2 2 2"),
            Map.of("mode", "quick"),
            List.of(
                new Row(
                    "gate",
                    "gate throughput",
                    new Figure(1000, "events/s"),
                    new Baseline.Measured("pass-through", new Figure(20_000, "events/s")),
                    "how")),
            List.of(new ServiceMemory("sink", 7, 50, 80, 300, "-Xmx384m")),
            List.of("note"));

    // 2. Render and read back.
    JsonNode json = BenchJson.tree(report);

    // 3. Everything a reader needs, numbers unrounded.
    assertThat(json.get("mode").asText()).isEqualTo("quick");
    assertThat(json.get("command").asText()).isEqualTo("./trace bench --quick");
    assertThat(json.at("/machine/cores").asInt()).isEqualTo(2);
    assertThat(json.at("/machine/commit").asText()).isEqualTo("abc");
    assertThat(json.at("/rows/0/value").asDouble()).isEqualTo(1000);
    assertThat(json.at("/rows/0/baselineValue").asDouble()).isEqualTo(20_000);
    assertThat(json.at("/rows/0/ratio").asDouble()).isEqualTo(0.05);
    assertThat(json.at("/memory/0/rssMiB").asDouble()).isEqualTo(300);
    assertThat(json.at("/wallTimeSeconds").asDouble()).isEqualTo(90);
  }

  @Test
  void quickPlanIsSmallerThanTheFullOneAndSaysSo() {
    BenchPlan full = BenchPlan.full();
    BenchPlan quick = BenchPlan.quick();
    assertThat(quick.gateUnits()).isLessThan(full.gateUnits());
    assertThat(quick.latencyDuration()).isLessThan(full.latencyDuration());
    assertThat(quick.traceScales().getLast()).isLessThan(full.traceScales().getLast());
    assertThat(full.traceScales()).containsExactly(1_000_000L, 10_000_000L);
    assertThat(quick.describe()).containsEntry("mode", "quick");
  }

  @Test
  void parsesHeapInfoOfG1AndOfGenerationalCollectorsAndRss() {
    String g1 =
        " garbage-first heap   total reserved 393216K, committed 65536K, used 41234K"
            + " [0x00000000e8000000, 0x0000000100000000)\n  region size 1024K, 12 young";
    assertThat(MemorySampler.parseHeapInfo(g1)).containsExactly(65536, 41234);
    String serial =
        " def new generation   total 4928K, used 1000K [0x1, 0x2)\n"
            + " tenured generation   total 10944K, used 2000K [0x3, 0x4)\n";
    assertThat(MemorySampler.parseHeapInfo(serial)).containsExactly(15872, 3000);
    assertThat(MemorySampler.parseRss("Name:\tjava\nVmRSS:\t  412345 kB\nThreads: 40\n"))
        .isEqualTo(412345);
  }
}
