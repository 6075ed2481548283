package io.serialtrace.sink;

import static io.serialtrace.sink.SinkHarness.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import io.serialtrace.sink.app.SinkStatus;
import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ClickHouse stopped for 30 s in the middle of a load, then started again: the sink pauses,
 * retries, reports it, resumes, and every record is in ClickHouse exactly once.
 */
@ExtendWith(LocalStackExtension.class)
class ClickHouseOutageIT {
  private static final int RECORDS = 20_000;

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void noLossAndNoDuplicatesWhenClickHouseIsDownForThirtySeconds(StackEndpoints stack)
      throws Exception {
    // 1. Arrange: the clickhouse component of this stack, a fresh database and group.
    LocalStack clickHouseOnly =
        LocalStack.of(StackSettings.forTests(RepositoryHome.find())).only(List.of("clickhouse"));
    String database = SinkHarness.unique("trace_it_outage");
    String group = SinkHarness.unique("sink-it-outage");
    String prefix = SinkHarness.unique("SN-OUT");
    SinkHarness.ensureTopics(stack);
    SinkHarness.startGroupAtEnd(stack, group);
    try (Client client = SinkHarness.clickHouse(stack)) {
      SinkHarness.migrateWithoutMerges(client, database);
    }
    List<String> conditions = new ArrayList<>();
    AtomicBoolean watching = new AtomicBoolean(true);

    try (SinkHarness.RunningSink sink =
        new SinkHarness.RunningSink(SinkHarness.settings(stack, database, group))) {
      Thread watcher =
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (watching.get()) {
                      SinkStatus.Condition c = sink.status.condition();
                      String name = c.getClass().getSimpleName();
                      synchronized (conditions) {
                        if (conditions.isEmpty() || !conditions.getLast().equals(name)) {
                          conditions.add(name);
                        }
                      }
                      try {
                        Thread.sleep(50);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
      try (KafkaProducer<String, Object> producer = SinkHarness.producer(stack)) {
        // 2. First third of the load while ClickHouse is up; wait until some of it is stored.
        for (int i = 0; i < RECORDS / 3; i++) {
          LoadRecords.send(producer, prefix, i);
        }
        producer.flush();
        try (Client client = SinkHarness.clickHouse(stack)) {
          SinkHarness.awaitValue(
              () -> scalar(client, LoadRecords.countSql(database, prefix, false)),
              1,
              Duration.ofSeconds(60));
        }

        // 3. Stop ClickHouse, keep producing for 30 s, start it again (always, in finally).
        clickHouseOnly.stop(List.of("clickhouse"), Progress.printingTo(System.out));
        try {
          long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          int i = RECORDS / 3;
          while (System.nanoTime() < until) {
            int end = Math.min(RECORDS, i + 200);
            for (; i < end; i++) {
              LoadRecords.send(producer, prefix, i);
            }
            Thread.sleep(200);
          }
          for (; i < RECORDS; i++) {
            LoadRecords.send(producer, prefix, i);
          }
          producer.flush();
        } finally {
          clickHouseOnly.up(Progress.printingTo(System.out));
          // Merges run again after a restart; stop them before the sink's retry lands.
          try (Client client = SinkHarness.clickHouse(stack)) {
            SinkHarness.stopMerges(client, database);
          }
        }
      }

      // 4. Every record exactly once: rows = distinct ids = RECORDS.
      try (Client client = SinkHarness.clickHouse(stack)) {
        long rows =
            SinkHarness.awaitValue(
                () -> scalar(client, LoadRecords.countSql(database, prefix, false)),
                RECORDS,
                Duration.ofSeconds(90));
        assertThat(rows).isEqualTo(RECORDS);
        assertThat(scalar(client, LoadRecords.countSql(database, prefix, true))).isEqualTo(RECORDS);
      } finally {
        watching.set(false);
        watcher.join();
      }

      // 5. It said so: retried, reported Retrying, and is Running again.
      assertThat(sink.registry.counter("sink.retries").count()).isPositive();
      synchronized (conditions) {
        assertThat(conditions).contains("Retrying");
        assertThat(conditions.getLast()).isEqualTo("Running");
      }
    } finally {
      try (Client client = SinkHarness.clickHouse(stack)) {
        SinkHarness.dropDatabase(client, database);
      }
    }
  }
}
