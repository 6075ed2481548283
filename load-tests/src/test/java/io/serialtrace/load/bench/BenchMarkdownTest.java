package io.serialtrace.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BenchMarkdownTest {

  private static BenchReport report(BenchPlan.Mode mode) {
    return new BenchReport(
        Instant.parse("2026-11-26T05:00:00Z"),
        Duration.ofSeconds(754),
        mode,
        "./trace bench",
        new Machine(
            2,
            24_000,
            "Eclipse Adoptium 25",
            "Linux 6.1 amd64",
            "abc123",
            "7.1 6.0 5.0",
            "8.0 7.0 6.0"),
        Map.of("stated load (decision latency, memory)", "40 waited events/s"),
        List.of(
            new Row(
                "gate",
                "gate throughput",
                new Figure(1293.4, "events/s"),
                new Baseline.Measured("raw pass-through", new Figure(22752, "events/s")),
                "events | via ingest"),
            new Row(
                "sink",
                "event → queryable p99",
                new Figure(812.5, "ms"),
                new Baseline.NotMeasured("read against the decision latency"),
                "rows")),
        List.of(new ServiceMemory("gate", 42, 120.4, 200.0, 410.7, "-Xmx384m")),
        List.of("Shared machine."));
  }

  @Test
  void rendersEachFigureBesideItsBaselineAndRatio() {
    // 1. Render a report with a measured and an unmeasured baseline.
    String md = BenchMarkdown.render(report(BenchPlan.Mode.FULL));

    // 2. The measured row shows figure, baseline and figure ÷ baseline; pipes in text are escaped.
    assertThat(md)
        .contains(
            "| gate throughput | 1,293 events/s | 22,752 events/s — raw pass-through | 0.057 |"
                + " events \\| via ingest |");
    // 3. The unmeasured one says why and has no ratio.
    assertThat(md)
        .contains(
            "| event → queryable p99 | 813 ms | none: read against the decision latency | — |");
    // 4. Machine, command, commit and memory are stated.
    assertThat(md)
        .contains("2 cores, 24,000 MiB memory")
        .contains("Command: `./trace bench`")
        .contains("commit `abc123`")
        .contains("wall time 12 min 34 s")
        .contains("| gate | 120 MiB | 200 MiB | 411 MiB | -Xmx384m |")
        .doesNotContain("QUICK");
  }

  @Test
  void labelsAQuickRun() {
    assertThat(BenchMarkdown.render(report(BenchPlan.Mode.QUICK)))
        .startsWith("**QUICK RUN**")
        .contains(", quick, ");
  }

  @Test
  void replacesOnlyTheTextBetweenTheMarkers() {
    // 1. A document with prose before and after the generated block.
    String document =
        "# Benchmarks\n\nintro\n\n"
            + BenchMarkdown.BEGIN
            + "\nold table\n"
            + BenchMarkdown.END
            + "\n\n## Sizing\n\nhand-written\n";

    // 2. Replace the block.
    String updated = BenchMarkdown.replaceBlock(document, "new table\n");

    // 3. The prose survives, the old table is gone, the markers stay.
    assertThat(updated)
        .isEqualTo(
            "# Benchmarks\n\nintro\n\n"
                + BenchMarkdown.BEGIN
                + "\nnew table\n"
                + BenchMarkdown.END
                + "\n\n## Sizing\n\nhand-written\n");
  }

  @Test
  void appendsTheMarkedBlockToADocumentWithoutMarkers() {
    assertThat(BenchMarkdown.replaceBlock("# Benchmarks\n", "table"))
        .isEqualTo(
            "# Benchmarks\n\n" + BenchMarkdown.BEGIN + "\ntable\n" + BenchMarkdown.END + "\n");
    assertThat(BenchMarkdown.replaceBlock("", "table"))
        .isEqualTo(BenchMarkdown.BEGIN + "\ntable\n" + BenchMarkdown.END + "\n");
  }

  @Test
  void roundsByMagnitude() {
    assertThat(BenchMarkdown.number(22752.4)).isEqualTo("22,752");
    assertThat(BenchMarkdown.number(96.14)).isEqualTo("96.1");
    assertThat(BenchMarkdown.number(0.0571)).isEqualTo("0.057");
    assertThat(BenchMarkdown.ratio(0.0571)).isEqualTo("0.057");
    assertThat(BenchMarkdown.ratio(8.04)).isEqualTo("8.04");
  }
}
