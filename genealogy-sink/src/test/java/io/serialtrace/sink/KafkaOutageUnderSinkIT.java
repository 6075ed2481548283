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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Kafka broker stopped for 30 s under a running sink, right after a load, then started again:
 * readiness reports the outage while it lasts, the same sink (no restart) resumes, and every record
 * produced before and after the outage is in ClickHouse exactly once.
 */
@ExtendWith(LocalStackExtension.class)
class KafkaOutageUnderSinkIT {
  private static final int BEFORE = 6_000;
  private static final int AFTER = 6_000;
  private static final Duration OUTAGE = Duration.ofSeconds(30);

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void everyRecordBeforeAndAfterAThirtySecondKafkaOutageLandsExactlyOnce(StackEndpoints stack)
      throws Exception {
    // 1. Arrange: the kafka component of this stack, a fresh database (merges stopped, so a
    //    duplicate would show) and a group at the topics' end; the sink runs in-process.
    LocalStack kafkaOnly =
        LocalStack.of(StackSettings.forTests(RepositoryHome.find())).only(List.of("kafka"));
    String database = SinkHarness.unique("trace_it_kafka_out");
    String group = SinkHarness.unique("sink-it-kafka-out");
    String prefix = SinkHarness.unique("SN-KOUT");
    SinkHarness.ensureTopics(stack);
    SinkHarness.startGroupAtEnd(stack, group);
    try (Client client = SinkHarness.clickHouse(stack)) {
      SinkHarness.migrateWithoutMerges(client, database);
    }

    try (Client client = SinkHarness.clickHouse(stack);
        SinkHarness.RunningSink sink =
            new SinkHarness.RunningSink(SinkHarness.settings(stack, database, group));
        ConditionTrail trail = new ConditionTrail(sink.status)) {
      // 2. The first part, paced so deliveries are under way; some of it stored before the stop.
      try (KafkaProducer<String, Object> producer = SinkHarness.producer(stack)) {
        for (int i = 0; i < BEFORE; i++) {
          LoadRecords.send(producer, prefix, i);
          if (i % 500 == 499) {
            producer.flush();
            Thread.sleep(100);
          }
        }
        producer.flush();
      }
      long storedBefore =
          SinkHarness.awaitValue(
              () -> scalar(client, LoadRecords.countSql(database, prefix, false)),
              1,
              Duration.ofSeconds(60));
      assertThat(storedBefore).as("some rows stored before the outage").isPositive();

      // 3. Kafka stopped for 30 s; readiness reports it while it lasts (Retrying: a check or a
      //    commit that Kafka did not answer).
      kafkaOnly.stop(List.of("kafka"), Progress.printingTo(System.out));
      try {
        long until = System.nanoTime() + OUTAGE.toNanos();
        while (System.nanoTime() < until
            && !(sink.status.condition() instanceof SinkStatus.Condition.Retrying)) {
          Thread.sleep(100);
        }
        SinkStatus.Condition during = sink.status.condition();
        System.out.println("sink during the Kafka outage: " + during);
        assertThat(during)
            .as("readiness reports the Kafka outage")
            .isInstanceOf(SinkStatus.Condition.Retrying.class);
        Thread.sleep(Math.max(0, (until - System.nanoTime()) / 1_000_000));
      } finally {
        kafkaOnly.up(Progress.printingTo(System.out));
      }

      // 4. The second part, produced once Kafka is back, to the same running sink.
      try (KafkaProducer<String, Object> producer = SinkHarness.producer(stack)) {
        for (int i = BEFORE; i < BEFORE + AFTER; i++) {
          LoadRecords.send(producer, prefix, i);
        }
        producer.flush();
      }

      // 5. Every record exactly once: rows = distinct ids = all produced.
      long rows =
          SinkHarness.awaitValue(
              () -> scalar(client, LoadRecords.countSql(database, prefix, false)),
              BEFORE + AFTER,
              Duration.ofSeconds(120));
      assertThat(rows).isEqualTo(BEFORE + AFTER);
      assertThat(scalar(client, LoadRecords.countSql(database, prefix, true)))
          .isEqualTo(BEFORE + AFTER);

      // 6. It said so and resumed by itself: Retrying naming Kafka, Running again, no fatal stop.
      System.out.println("sink conditions: " + trail.changes());
      assertThat(trail.retryReasons())
          .anySatisfy(reason -> assertThat(reason).containsAnyOf("Kafka unreachable", "commit of"));
      assertThat(trail.changes()).noneMatch(SinkStatus.Condition.Stopped.class::isInstance);
      assertThat(sink.status.condition()).isInstanceOf(SinkStatus.Condition.Running.class);
    } finally {
      kafkaOnly.up(Progress.printingTo(System.out));
      try (Client client = SinkHarness.clickHouse(stack)) {
        SinkHarness.dropDatabase(client, database);
      }
    }
  }
}
