package io.serialtrace.sink;

import static io.serialtrace.sink.SinkHarness.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import io.serialtrace.sink.app.SinkStatus;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import io.serialtrace.support.registry.BlackholeServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A registry that accepts connections and never answers: the sink's schema lookup fails within
 * {@code sink.kafka.registry-request-timeout} instead of hanging the loop, the sink reports
 * Retrying and stores nothing, commits nothing past it; restarted against the real registry, the
 * same group stores every record exactly once.
 */
@ExtendWith(LocalStackExtension.class)
class RegistryBlackholeIT {
  private static final int RECORDS = 400;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

  /**
   * Room for the serde retrying a lookup ({@code apicurio.registry.retry-count}, 3) on a loaded
   * machine; one attempt (about {@link #REQUEST_TIMEOUT}) is what is measured.
   */
  private static final Duration FAILURE_BOUND = Duration.ofSeconds(15);

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void schemaLookupAgainstASilentRegistryFailsWithinTheBoundAndLosesNothing(StackEndpoints stack)
      throws Exception {
    // 1. Arrange: a fresh database and group at the topics' end, the records produced with their
    //    schemas registered in the real registry (the sink's in-process cache is empty).
    String database = SinkHarness.unique("trace_it_blackhole");
    String group = SinkHarness.unique("sink-it-blackhole");
    String prefix = SinkHarness.unique("SN-BH");
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
      // 2. A sink whose registry URL is a blackhole: the lookup fails within the bound and the
      //    loop reports Retrying (a hung loop would stay Running with no retry counted).
      Map<String, String> silent = SinkHarness.endpointSettings(stack, database, group);
      try (BlackholeServer blackhole = new BlackholeServer()) {
        silent.put("sink.kafka.registry-url", blackhole.registryUrl());
        silent.put("sink.kafka.registry-request-timeout", REQUEST_TIMEOUT.toString());
        try (SinkHarness.RunningSink sink = new SinkHarness.RunningSink(TestSettings.of(silent))) {
          SinkStatus.Condition condition = awaitRetrying(sink, Duration.ofSeconds(60));
          long retryingAt = System.nanoTime();
          assertThat(condition)
              .as("the sink's loop reports the registry failure instead of hanging")
              .isInstanceOf(SinkStatus.Condition.Retrying.class);
          String reason = ((SinkStatus.Condition.Retrying) condition).reason();
          System.out.println("sink reports: " + reason);
          assertThat(reason).contains("schema registry unreachable");
          assertThat(sink.registry.counter("sink.retries").count()).isPositive();
          // Measured from the first request reaching the blackhole (start-up is not the bound).
          Duration failedAfter =
              Duration.ofNanos(retryingAt - blackhole.firstAcceptedNanos().orElseThrow());
          System.out.println("registry lookup failed after " + failedAfter.toMillis() + " ms");
          assertThat(failedAfter).isLessThan(FAILURE_BOUND);
          assertThat(scalar(client, LoadRecords.countSql(database, prefix, false))).isZero();
        }
      }

      // 3. The same group against the real registry: every record exactly once.
      try (SinkHarness.RunningSink sink =
          new SinkHarness.RunningSink(SinkHarness.settings(stack, database, group))) {
        long rows =
            SinkHarness.awaitValue(
                () -> scalar(client, LoadRecords.countSql(database, prefix, false)),
                RECORDS,
                Duration.ofSeconds(60));
        assertThat(rows).isEqualTo(RECORDS);
        assertThat(scalar(client, LoadRecords.countSql(database, prefix, true))).isEqualTo(RECORDS);
      } finally {
        SinkHarness.dropDatabase(client, database);
      }
    }
  }

  private static SinkStatus.Condition awaitRetrying(SinkHarness.RunningSink sink, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    SinkStatus.Condition last = sink.status.condition();
    while (System.nanoTime() < deadline && !(last instanceof SinkStatus.Condition.Retrying)) {
      Thread.sleep(50);
      last = sink.status.condition();
    }
    return last;
  }
}
