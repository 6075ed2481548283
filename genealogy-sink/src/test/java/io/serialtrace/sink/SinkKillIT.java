package io.serialtrace.sink;

import static io.serialtrace.sink.SinkHarness.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged sink ({@code quarkus-run.jar}, a separate process) is killed with SIGKILL at random
 * moments during a 100k-record load and restarted each time; each kill lands mid-processing (rows
 * already written, not all), output continues after each restart, and at the end every table holds
 * each record exactly once. Runs after {@code package}, which builds the jar.
 */
@ExtendWith(LocalStackExtension.class)
class SinkKillIT {
  private static final int RECORDS = 100_000;
  private static final int KILLS = 3;

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void exactlyOneRowPerRecordAfterRepeatedSigkillsDuringTheLoad(StackEndpoints stack)
      throws Exception {
    // 1. Arrange: the runner jar, a fresh database (merges stopped, so a duplicate would show),
    //    a group starting at the topics' end; a seed printed so a failure can be replayed.
    Path jar = Path.of(System.getProperty("sink.runner.jar", "target/quarkus-app/quarkus-run.jar"));
    assertThat(jar).exists();
    String database = SinkHarness.unique("trace_it_kill");
    String group = SinkHarness.unique("sink-it-kill");
    String prefix = SinkHarness.unique("SN-KILL");
    long seed = System.nanoTime();
    System.out.println("SinkKillIT seed " + seed);
    Random random = new Random(seed);
    SinkHarness.ensureTopics(stack);
    SinkHarness.startGroupAtEnd(stack, group);
    try (Client client = SinkHarness.clickHouse(stack)) {
      SinkHarness.migrateWithoutMerges(client, database);
    }
    Map<String, String> config = SinkHarness.endpointSettings(stack, database, group);
    List<Process> started = new ArrayList<>();
    List<Long> killedAt = new ArrayList<>();

    try {
      // 2. Produce the load in the background, paced so it spans the kills.
      Thread producing =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (KafkaProducer<String, Object> producer = SinkHarness.producer(stack)) {
                      for (int i = 0; i < RECORDS; i++) {
                        LoadRecords.send(producer, prefix, i);
                        if (i % 2_000 == 1_999) {
                          producer.flush();
                          Thread.sleep(150);
                        }
                      }
                      producer.flush();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });

      // 3. Start; once it has stored something new (it is mid-load), wait a random 0-1.5 s and
      //    SIGKILL it; KILLS times.
      long before = 0;
      try (Client client = SinkHarness.clickHouse(stack)) {
        for (int kill = 1; kill <= KILLS; kill++) {
          Process sink = startSink(jar, config, kill);
          started.add(sink);
          long floor = before;
          before =
              SinkHarness.awaitValue(
                  () -> scalar(client, LoadRecords.countSql(database, prefix, false)),
                  floor + 1,
                  // The packaged jar alone took 38 s to start on the loaded 2-core machine.
                  Duration.ofSeconds(180));
          assertThat(before).as("sink %d made progress", kill).isGreaterThan(floor);
          Thread.sleep(random.nextInt(1_500));
          sink.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no commit
          assertThat(sink.waitFor(30, TimeUnit.SECONDS)).isTrue();
          assertThat(sink.exitValue()).isEqualTo(137);
          before = scalar(client, LoadRecords.countSql(database, prefix, false));
          System.out.println("SinkKillIT kill " + kill + " at " + before + " rows");
          // The kill landed mid-processing: rows were written before it, and not all of them.
          assertThat(before).as("rows stored when kill %d landed", kill).isLessThan(RECORDS);
          killedAt.add(before);
        }
      }
      producing.join(Duration.ofSeconds(300));
      assertThat(producing.isAlive()).isFalse();

      // 4. A last sink finishes the job.
      Process last = startSink(jar, config, KILLS + 1);
      started.add(last);
      try (Client client = SinkHarness.clickHouse(stack)) {
        long rows =
            SinkHarness.awaitValue(
                () -> scalar(client, LoadRecords.countSql(database, prefix, false)),
                RECORDS,
                Duration.ofSeconds(300));
        // 5. Output continued after every restart (each kill found more rows than the last, the
        //    last sink wrote beyond the last kill); exactly RECORDS rows, RECORDS distinct ids, per
        //    table a quarter each.
        System.out.println("SinkKillIT rows at the kills: " + killedAt);
        assertThat(killedAt).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
        assertThat(rows).as("rows after the last restart").isGreaterThan(killedAt.getLast());
        assertThat(rows).isEqualTo(RECORDS);
        assertThat(scalar(client, LoadRecords.countSql(database, prefix, true))).isEqualTo(RECORDS);
        assertThat(
                scalar(
                    client,
                    "SELECT count() FROM "
                        + database
                        + ".unit_records WHERE serial LIKE '"
                        + prefix
                        + "-%'"))
            .isEqualTo(RECORDS / 4);
        assertThat(
                scalar(
                    client,
                    "SELECT count() FROM "
                        + database
                        + ".genealogy_edges WHERE parent_serial"
                        + " LIKE '"
                        + prefix
                        + "-%'"))
            .isEqualTo(RECORDS / 4);
      }
    } finally {
      for (Process process : started) {
        if (process.isAlive()) {
          process.destroy();
          if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        }
      }
      try (Client client = SinkHarness.clickHouse(stack)) {
        SinkHarness.dropDatabase(client, database);
      }
    }
  }

  private static Process startSink(Path jar, Map<String, String> config, int run) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-Dquarkus.http.port=0");
    config.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar.toString());
    Path log = Path.of("target", "sink-kill-it-run-" + run + ".log");
    Files.deleteIfExists(log);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
