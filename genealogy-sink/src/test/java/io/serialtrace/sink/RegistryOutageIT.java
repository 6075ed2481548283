package io.serialtrace.sink;

import static io.serialtrace.sink.SinkHarness.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import io.micrometer.core.instrument.Counter;
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
 * The schema registry stopped (connections refused, unlike {@code RegistryBlackholeIT}'s silent
 * port) while a freshly started sink, whose schema cache is empty, has records to read: the loop
 * retries and reports it, stores nothing and dead-letters nothing (the records are fine); when the
 * registry is back, the same sink stores every record exactly once.
 */
@ExtendWith(LocalStackExtension.class)
class RegistryOutageIT {
  private static final int RECORDS = 2_000;
  private static final Duration OUTAGE = Duration.ofSeconds(20);

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void theLoopRetriesThroughARegistryOutageAndStoresEveryRecordOnceWithNoDeadLetter(
      StackEndpoints stack) throws Exception {
    // 1. Arrange: the registry component, a fresh database and group at the topics' end, the
    //    records produced with their schemas registered while the registry is up.
    LocalStack registryOnly =
        LocalStack.of(StackSettings.forTests(RepositoryHome.find())).only(List.of("registry"));
    String database = SinkHarness.unique("trace_it_registry_out");
    String group = SinkHarness.unique("sink-it-registry-out");
    String prefix = SinkHarness.unique("SN-ROUT");
    SinkHarness.ensureTopics(stack);
    SinkHarness.startGroupAtEnd(stack, group);
    try (Client client = SinkHarness.clickHouse(stack)) {
      SinkHarness.migrateWithoutMerges(client, database);
    }
    try (KafkaProducer<String, Object> producer = SinkHarness.producer(stack)) {
      for (int i = 0; i < RECORDS; i++) {
        LoadRecords.send(producer, prefix, i);
      }
      producer.flush();
    }

    try (Client client = SinkHarness.clickHouse(stack)) {
      // 2. Registry stopped, then the sink started: its first lookup is refused.
      registryOnly.stop(List.of("registry"), Progress.printingTo(System.out));
      try (SinkHarness.RunningSink sink =
              new SinkHarness.RunningSink(SinkHarness.settings(stack, database, group));
          ConditionTrail trail = new ConditionTrail(sink.status)) {
        try {
          Thread.sleep(OUTAGE.toMillis());
          System.out.println("sink during the registry outage: " + sink.status.condition());
          assertThat(trail.retryReasons())
              .as("the loop retries and readiness says why")
              .anySatisfy(reason -> assertThat(reason).contains("schema registry unreachable"));
          assertThat(scalar(client, LoadRecords.countSql(database, prefix, false))).isZero();
        } finally {
          registryOnly.up(Progress.printingTo(System.out));
        }

        // 3. Back: every record exactly once, the same sink, no dead letter, running again.
        long rows =
            SinkHarness.awaitValue(
                () -> scalar(client, LoadRecords.countSql(database, prefix, false)),
                RECORDS,
                Duration.ofSeconds(120));
        assertThat(rows).isEqualTo(RECORDS);
        assertThat(scalar(client, LoadRecords.countSql(database, prefix, true))).isEqualTo(RECORDS);
        double deadLetters =
            sink.registry.find("sink.dead.letters").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
        assertThat(deadLetters).as("records dead-lettered during the outage").isZero();
        assertThat(sink.registry.counter("sink.retries").count()).isPositive();
        assertThat(trail.changes()).noneMatch(SinkStatus.Condition.Stopped.class::isInstance);
        assertThat(sink.status.condition()).isInstanceOf(SinkStatus.Condition.Running.class);
      } finally {
        registryOnly.up(Progress.printingTo(System.out));
        SinkHarness.dropDatabase(client, database);
      }
    }
  }
}
